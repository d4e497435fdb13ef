import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeExecutionCommand, SFNClient, type DescribeExecutionCommandOutput } from '@aws-sdk/client-sfn';
import { expect } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import type { EngineOptions } from '../../src/engine/engine-options.js';
import type { TaskContext, TaskHandlers } from '../../src/engine/task-handler.js';
import { createHttpServer, type HttpServer } from '../../src/server/http-server.js';
import type { ServerOptions } from '../../src/server/server-options.js';
import { openSqliteStore } from '../../src/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/store-port.js';
import { TestSchema } from '../postgres/postgres-test-database.js';

export const REGION = 'us-east-1';
export const ROLE_ARN = 'arn:aws:iam::123456789012:role/unwind-test';

export interface ApiServerFixture {
  dir: string;
  store: Store;
  engine: Engine;
  server: HttpServer;
  url: string;
  client: SFNClient;
  close(): Promise<void>;
}

/**
 * A real server on 127.0.0.1:0 over a real SQLite file, its engine on the real clock (polling fast),
 * and an SDK client pointed at it with dummy credentials.
 */
export async function startApiServer(
  handlers: TaskHandlers = {},
  serverOptions: Partial<ServerOptions> = {},
  engineOptions: Partial<EngineOptions> = {},
  kind: 'sqlite' | 'postgres' = 'sqlite',
): Promise<ApiServerFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'unwind-server-'));
  const schema = kind === 'postgres' ? new TestSchema() : undefined;
  const store = schema ? await schema.open() : openSqliteStore({ file: join(dir, 'unwind.db') });
  await store.migrate();
  const engine = new Engine({ store, handlers, pollIntervalMs: 20, ...engineOptions });
  await engine.start();
  const server = createHttpServer({ engine, store, log: false, ...serverOptions });
  const url = await server.listen('127.0.0.1', 0);
  const client = new SFNClient({
    endpoint: url,
    region: REGION,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'dummy-secret' },
    disableHostPrefix: true,
    maxAttempts: 1,
  });
  return {
    dir,
    store,
    engine,
    server,
    url,
    client,
    async close() {
      client.destroy();
      await server.close();
      await engine.stop();
      await store.close();
      await schema?.cleanup();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Waits (polling, bounded) until `check` returns a value other than undefined. */
export async function waitFor<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The error an SDK call rejects with (its `name` is the API error code). */
export async function sdkError(
  promise: Promise<unknown>,
): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, 'the call should have failed').toBeInstanceOf(Error);
  return error as Error & { $metadata?: { httpStatusCode?: number } };
}

/** A one-state definition that returns `result`. */
export function passDefinition(result: unknown = { ok: true }): string {
  return JSON.stringify({ StartAt: 'Done', States: { Done: { Type: 'Pass', Result: result, End: true } } });
}

/** Polls DescribeExecution (bounded) until the execution has ended. */
export async function waitForEnd(client: SFNClient, executionArn: string): Promise<DescribeExecutionCommandOutput> {
  return waitFor(async () => {
    const described = await client.send(new DescribeExecutionCommand({ executionArn }));
    return described.status === 'RUNNING' ? undefined : described;
  }, `the end of ${executionArn}`);
}

/** Collects the task tokens that `.waitForTaskToken` tasks pass to the `sns:publish` handler. */
export function tokenCollector(): {
  handlers: TaskHandlers;
  /** The next token, in the order the tasks ran. */
  next(): Promise<string>;
  /** The token of an execution's (latest) task. */
  of(executionArn: string): Promise<string>;
} {
  const tokens: { token: string; executionArn: string }[] = [];
  let taken = 0;
  return {
    handlers: {
      'sns:publish': (input: { token: string }, ctx: TaskContext) =>
        void tokens.push({ token: input.token, executionArn: ctx.executionArn }),
    },
    next: () =>
      waitFor(async () => Promise.resolve(taken < tokens.length ? tokens[taken++]!.token : undefined), 'a task token'),
    of: (executionArn) =>
      waitFor(
        async () => Promise.resolve(tokens.findLast((entry) => entry.executionArn === executionArn)?.token),
        `the task token of ${executionArn}`,
      ),
  };
}

/** A callback task (the token goes to `sns:publish`) followed by a Pass state that returns `label`. */
export function callbackDefinition(label = 'after'): string {
  return JSON.stringify({
    StartAt: 'Approve',
    States: {
      Approve: {
        Type: 'Task',
        Resource: 'arn:aws:states:::sns:publish.waitForTaskToken',
        Parameters: { 'token.$': '$$.Task.Token' },
        ResultPath: '$.approval',
        Catch: [{ ErrorEquals: ['Rejected'], ResultPath: '$.rejection', Next: 'Refused' }],
        Next: 'Label',
      },
      Label: { Type: 'Pass', Result: label, ResultPath: '$.label', End: true },
      Refused: { Type: 'Fail', Error: 'Refused', Cause: 'the approval was rejected' },
    },
  });
}
