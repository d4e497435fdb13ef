import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StateMachineDefinition } from '../../src/core/definition/asl-types.js';
import { Engine } from '../../src/engine/engine.js';
import type { TaskHandlers } from '../../src/engine/task-handler.js';
import { openSqliteStore, type SqliteStore } from '../../src/sqlite/sqlite-store.js';

/**
 * `Engine.stop()` aborts in-flight handlers and waits for them for `stopGraceMs` at most: a handler
 * that ignores its AbortSignal and never settles must not keep a process from shutting down (SIGTERM
 * of `unwind serve`). Its result is never recorded; its work runs again on the next engine.
 */
const definition: StateMachineDefinition = {
  StartAt: 'Hang',
  States: { Hang: { Type: 'Task', Resource: 'Hang', End: true } },
};

let dir: string | undefined;
const stores: SqliteStore[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('Engine.stop with a handler that never settles', () => {
  it('returns after stopGraceMs, records nothing for it, and the next engine runs the task again', async () => {
    dir = mkdtempSync(join(tmpdir(), 'unwind-stop-grace-'));
    const file = join(dir, 'unwind.db');
    let invoked!: () => void;
    const firstCall = new Promise<void>((resolve) => (invoked = resolve));
    let calls = 0;
    const hanging: TaskHandlers = {
      Hang: () => {
        calls += 1;
        invoked();
        return new Promise(() => undefined); // ignores its signal, never settles
      },
    };
    const first = openSqliteStore({ file });
    stores.push(first);
    await first.migrate();
    const engine = new Engine({ store: first, handlers: hanging, stopGraceMs: 50, pollIntervalMs: 20 });
    await engine.start();
    const arn = await engine.startExecution({
      definition,
      definitionText: JSON.stringify(definition),
      stateMachineName: 'hang',
      input: { n: 1 },
    });
    await firstCall;
    await engine.stop(); // would never resolve without the grace period
    expect((await first.getExecution(arn))?.status).toBe('RUNNING');

    const second = openSqliteStore({ file });
    stores.push(second);
    const answering: TaskHandlers = { Hang: (input) => Promise.resolve({ echoed: input }) };
    const next = new Engine({ store: second, handlers: answering, pollIntervalMs: 20 });
    await next.start();
    const record = await next.waitForExecution(arn);
    await next.stop();
    expect(calls).toBe(1);
    expect(record.status).toBe('SUCCEEDED');
    expect(JSON.parse(record.output!)).toEqual({ echoed: { n: 1 } });
  });
});
