import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError } from '../../src/server/api-error.js';
import { createSigV4Verifier } from '../../src/server/sigv4/sigv4-verifier.js';

const ACCESS_KEY_ID = 'AKIDUNWINDTEST';
const SECRET_ACCESS_KEY = 'unwind-test-secret/with+symbols';

/** What the bare server's verifier said about each request it received. */
const verdicts: (ApiError | undefined)[] = [];
let server: Server;
let endpoint: string;

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

beforeAll(async () => {
  const verify = createSigV4Verifier({ accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY });
  server = createServer((request, response) => {
    void readBody(request).then((body) => {
      const error = verify({
        method: request.method ?? 'GET',
        url: request.url ?? '/',
        headers: request.headers,
        body,
      });
      verdicts.push(error);
      const answer = error ? { __type: error.type, message: error.message } : { stateMachines: [] };
      response.writeHead(error ? error.status : 200, {
        'content-type': 'application/x-amz-json-1.0',
        ...(error ? { 'x-amzn-errortype': error.type } : {}),
      });
      response.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function client(secretAccessKey: string): SFNClient {
  return new SFNClient({
    endpoint,
    region: 'us-east-1',
    maxAttempts: 1,
    credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey },
  });
}

describe('SigV4 verification of the real @aws-sdk/client-sfn', () => {
  it('accepts ListStateMachines signed with the right credentials', async () => {
    verdicts.length = 0;
    const sfn = client(SECRET_ACCESS_KEY);
    const result = await sfn.send(new ListStateMachinesCommand({ maxResults: 5 }));
    sfn.destroy();
    expect(result.stateMachines).toEqual([]);
    expect(verdicts).toEqual([undefined]);
  });

  it('rejects ListStateMachines signed with a wrong secret, and the SDK sees InvalidSignatureException', async () => {
    verdicts.length = 0;
    const sfn = client('a-wrong-secret');
    const failure = await sfn.send(new ListStateMachinesCommand({})).then(
      () => undefined,
      (error: unknown) => error as { name: string; message: string; $metadata: { httpStatusCode?: number } },
    );
    sfn.destroy();
    expect(failure?.name).toBe('InvalidSignatureException');
    expect(failure?.$metadata.httpStatusCode).toBe(403);
    expect(failure?.message).toMatch(/^The request signature we calculated does not match/);
    expect(verdicts.map((verdict) => verdict?.type)).toEqual(['InvalidSignatureException']);
  });
});
