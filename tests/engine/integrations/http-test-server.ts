import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TaskContext } from '../../../src/engine/task-handler.js';

/** A request as the test server saw it. */
export interface ReceivedRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: string;
  /** The response, for handlers that answer later (or never). */
  response: ServerResponse;
  /** Resolves when the client went away before the response ended (it aborted). */
  clientGone: Promise<void>;
}

export type Respond = (request: ReceivedRequest) => void;

export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  received: ReceivedRequest[];
  /** Resolves with the n-th request (1-based) once it has arrived. */
  arrival(n: number): Promise<ReceivedRequest>;
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 and an ephemeral port; `respond` decides each answer. */
export async function startTestServer(respond: Respond): Promise<TestServer> {
  const received: ReceivedRequest[] = [];
  const waiters = new Map<number, (request: ReceivedRequest) => void>();
  const server = createServer((incoming: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const clientGone = new Promise<void>((resolve) => {
        response.on('close', () => {
          if (!response.writableFinished) resolve();
        });
      });
      const request: ReceivedRequest = {
        method: incoming.method ?? '',
        url: new URL(incoming.url ?? '/', 'http://127.0.0.1'),
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        response,
        clientGone,
      };
      received.push(request);
      waiters.get(received.length)?.(request);
      respond(request);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    arrival: (n) => {
      const already = received[n - 1];
      if (already) return Promise.resolve(already);
      return new Promise((resolve) => waiters.set(n, resolve));
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/** Answers with a status, a JSON or text body and extra headers. */
export function answer(
  response: ServerResponse,
  status: number,
  body: unknown = '',
  headers: Record<string, string | string[]> = {},
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const type = typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json';
  response.writeHead(status, { 'content-type': type, ...headers });
  response.end(text);
}

/** An origin where nothing listens (a port that was free a moment ago). */
export async function deadOrigin(): Promise<string> {
  const server = await startTestServer(() => undefined);
  await server.close();
  return server.origin;
}

export function taskContext(overrides: Partial<TaskContext> = {}): TaskContext {
  return {
    executionArn: 'arn:aws:states:us-east-1:123456789012:execution:trip:exec-1',
    executionName: 'exec-1',
    stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:trip',
    stateName: 'ReserveHotel',
    attempt: 1,
    idempotencyKey: 'arn:aws:states:us-east-1:123456789012:execution:trip:exec-1#t1',
    taskToken: 'token',
    signal: new AbortController().signal,
    ...overrides,
  };
}

/** What a rejected promise rejected with. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error('expected a rejection, but the promise resolved');
}
