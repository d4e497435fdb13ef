import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/server/api-error.js';
import type { Operation } from '../../src/server/operation.js';
import { operations } from '../../src/server/operations/index.js';
import type { VerifiableRequest } from '../../src/server/server-options.js';
import type { Store } from '../../src/store/store-port.js';
import { passDefinition, ROLE_ARN, startApiServer, type ApiServerFixture } from './api-server-fixture.js';

let api: ApiServerFixture | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: Record<string, unknown>;
}

function raw(
  url: string,
  options: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  const target = new URL(options.path ?? '/', url);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      target,
      { method: options.method ?? 'POST', headers: options.headers ?? {}, timeout: 10_000 },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: Record<string, unknown> = {};
          try {
            json = JSON.parse(text) as Record<string, unknown>;
          } catch {
            // not JSON (metrics)
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json });
        });
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

const call = (url: string, target: string, body: unknown, headers: Record<string, string> = {}) =>
  raw(url, {
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': target, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('the awsJson1_0 protocol', () => {
  it('routes on X-Amz-Target and answers errors as {__type, message} with the AWS codes', async () => {
    api = await startApiServer();
    const ok = await call(api.url, 'AWSStepFunctions.ListStateMachines', {});
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(ok.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
    expect(ok.json).toEqual({ stateMachines: [] });

    const unknown = await call(api.url, 'AWSStepFunctions.DoSomething', {});
    expect(unknown.status).toBe(400);
    expect(unknown.json.__type).toBe('UnknownOperationException');
    expect((await call(api.url, 'OtherService.ListStateMachines', {})).json.__type).toBe('UnknownOperationException');
    const missingTarget = await raw(api.url, { body: '{}' });
    expect(missingTarget.json.__type).toBe('UnknownOperationException');

    const malformed = await call(api.url, 'AWSStepFunctions.ListStateMachines', '{"maxResults":');
    expect(malformed).toMatchObject({ status: 400, json: { __type: 'SerializationException' } });
    const array = await call(api.url, 'AWSStepFunctions.ListStateMachines', '[1,2]');
    expect(array.json.__type).toBe('SerializationException');

    const wrongType = await call(api.url, 'AWSStepFunctions.CreateStateMachine', {
      name: 5,
      definition: passDefinition(),
      roleArn: ROLE_ARN,
    });
    expect(wrongType.json.__type).toBe('ValidationException');
    expect(wrongType.json.message).toContain("'name'");
    const missing = await call(api.url, 'AWSStepFunctions.DescribeExecution', {});
    expect(missing.json.__type).toBe('ValidationException');
    expect(missing.json.message).toContain("'executionArn'");
  });

  it('accepts any body content type and serves the sync- host prefix whatever the Host header', async () => {
    api = await startApiServer();
    const plain = await raw(api.url, {
      headers: { 'content-type': 'text/plain', 'x-amz-target': 'AWSStepFunctions.CreateStateMachine' },
      body: JSON.stringify({ name: 'quick', definition: passDefinition('fast'), roleArn: ROLE_ARN, type: 'EXPRESS' }),
    });
    expect(plain.status).toBe(200);
    const port = new URL(api.url).port;
    const sync = await call(
      api.url,
      'AWSStepFunctions.StartSyncExecution',
      { stateMachineArn: plain.json.stateMachineArn },
      { host: `sync-localhost:${port}` },
    );
    expect(sync.status).toBe(200);
    expect(sync.json).toMatchObject({ status: 'SUCCEEDED', output: '"fast"' });
    expect(typeof sync.json.startDate).toBe('number');
  });

  it('refuses bodies over the limit with 413', async () => {
    api = await startApiServer({}, { bodyLimitBytes: 4096 });
    const big = await call(api.url, 'AWSStepFunctions.ListStateMachines', { padding: 'x'.repeat(5000) });
    expect(big.status).toBe(413);
    expect(big.json.__type).toBe('RequestEntityTooLargeException');
    expect((await call(api.url, 'AWSStepFunctions.ListStateMachines', {})).status).toBe(200);
  });

  it('turns unexpected exceptions into 500 InternalFailure and keeps serving', async () => {
    const broken: Operation = {
      name: 'ListStateMachines',
      run: () => Promise.reject(new TypeError('a bug')),
    };
    const lines: string[] = [];
    api = await startApiServer(
      {},
      {
        operations: [broken, ...operations.filter((operation) => operation.name !== 'ListStateMachines')],
        log: { stream: { write: (line: string) => lines.push(line) } },
      },
    );
    const failed = await call(api.url, 'AWSStepFunctions.ListStateMachines', {});
    expect(failed.status).toBe(500);
    expect(failed.json.__type).toBe('InternalFailure');
    expect(failed.text).not.toContain('a bug');
    expect(lines.some((line) => line.includes('a bug'))).toBe(true);
    expect((await call(api.url, 'AWSStepFunctions.ListStateMachineVersions', {})).status).toBe(400);
  });

  it('logs one JSON line per request with the operation, status and execution ARN', async () => {
    const lines: string[] = [];
    api = await startApiServer({}, { log: { stream: { write: (line: string) => lines.push(line) } } });
    const created = await call(api.url, 'AWSStepFunctions.CreateStateMachine', {
      name: 'logged',
      definition: passDefinition(),
      roleArn: ROLE_ARN,
    });
    const started = await call(api.url, 'AWSStepFunctions.StartExecution', {
      stateMachineArn: created.json.stateMachineArn,
    });
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const start = entries.filter((entry) => entry.operation === 'StartExecution');
    expect(start).toHaveLength(1);
    expect(start[0]).toMatchObject({ status: 200, executionArn: started.json.executionArn });
    expect(entries.filter((entry) => entry.operation === 'CreateStateMachine')).toHaveLength(1);
  });
});

describe('verifyRequest, /healthz and /metrics', () => {
  it('calls verifyRequest with the raw request before routing and answers its error', async () => {
    const seen: VerifiableRequest[] = [];
    const verifyRequest = (request: VerifiableRequest) => {
      seen.push(request);
      return request.headers['x-test-key'] === 'open'
        ? undefined
        : new ApiError('UnrecognizedClientException', 'The security token included in the request is invalid.', 403);
    };
    api = await startApiServer({}, { verifyRequest });
    const denied = await call(api.url, 'AWSStepFunctions.NoSuchOperation', { a: 1 });
    expect(denied).toMatchObject({ status: 403, json: { __type: 'UnrecognizedClientException' } });
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/' });
    expect(seen[0]!.body.toString()).toBe('{"a":1}');
    const allowed = await call(api.url, 'AWSStepFunctions.ListStateMachines', {}, { 'x-test-key': 'open' });
    expect(allowed.status).toBe(200);
  });

  it('answers /healthz 200 when the store is reachable and 503 when it fails', async () => {
    api = await startApiServer();
    const healthy = await raw(api.url, { method: 'GET', path: '/healthz' });
    expect(healthy).toMatchObject({ status: 200, json: { status: 'ok' } });
    await api.close();

    const failing = (store: Store): Store =>
      new Proxy(store, {
        get: (target, key, receiver) =>
          key === 'listEngines'
            ? () => Promise.reject(new Error('database is gone'))
            : (Reflect.get(target, key, receiver) as unknown),
      });
    const base = await startApiServer();
    const { createHttpServer } = await import('../../src/server/http-server.js');
    const sick = createHttpServer({ engine: base.engine, store: failing(base.store), log: false });
    const url = await sick.listen('127.0.0.1', 0);
    try {
      const unhealthy = await raw(url, { method: 'GET', path: '/healthz' });
      expect(unhealthy.status).toBe(503);
      expect(unhealthy.json.reason).toContain('database is gone');
    } finally {
      await sick.close();
      api = base;
    }
  });

  it('serves the metrics source at /metrics', async () => {
    api = await startApiServer(
      {},
      { metrics: { contentType: 'text/plain; version=0.0.4', render: () => Promise.resolve('up 1\n') } },
    );
    const metrics = await raw(api.url, { method: 'GET', path: '/metrics' });
    expect(metrics.status).toBe(200);
    expect(metrics.headers['content-type']).toContain('text/plain');
    expect(metrics.text).toBe('up 1\n');
  });
});
