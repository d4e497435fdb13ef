import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { loadFlowOrDefinition } from '../../src/engine/load-definition.js';
import type { TaskHandlers } from '../../src/engine/task-handler.js';
import { openSqliteStore, type SqliteStore } from '../../src/sqlite/sqlite-store.js';

/**
 * `timeoutSeconds` on a task step ends a handler that does not answer in time with `FnF.TaskTimeout`,
 * which `catch` matches and `errorMappings` see under that name. Real clock: the engine's timeout work
 * item fires after 1 s and aborts the handler's signal.
 */
const flow = `version: v1
type: flow
steps:
  - type: task
    name: SlowQuote
    resourceArn: acs:fc:cn-hangzhou:123:services/quotes/functions/Quote
    timeoutSeconds: 1
    errorMappings:
      - target: failedWith
        source: $local.error
    catch:
      - errors:
          - FnF.TaskTimeout
        goto: Fallback
  - type: pass
    name: Quoted
    end: true
  - type: pass
    name: Fallback
    inputMappings:
      - target: failedWith
        source: $local.failedWith
    outputMappings:
      - target: quote
        source: fallback
      - target: reason
        source: $input.failedWith
`;

let dir: string | undefined;
let store: SqliteStore | undefined;
let engine: Engine | undefined;
afterEach(async () => {
  await engine?.stop();
  await store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('flow task timeout', () => {
  it('ends a handler that outlives timeoutSeconds with FnF.TaskTimeout, caught into the fallback step', async () => {
    let aborted = false;
    const handlers: TaskHandlers = {
      Quote: (_input, ctx) =>
        new Promise((_resolve, reject) => {
          ctx.signal.addEventListener('abort', () => {
            aborted = true;
            reject(new Error('aborted'));
          });
        }),
    };
    dir = mkdtempSync(join(tmpdir(), 'unwind-flow-timeout-'));
    store = openSqliteStore({ file: join(dir, 'unwind.db') });
    await store.migrate();
    engine = new Engine({ store, handlers, pollIntervalMs: 50 });
    await engine.start();
    const { definition, text } = loadFlowOrDefinition(flow, handlers);
    const arn = await engine.startExecution({ definition, definitionText: text, stateMachineName: 'quote', input: {} });
    const record = await engine.waitForExecution(arn);
    expect(record.status).toBe('SUCCEEDED');
    // The flow's output is the root's $local: the caught step's errorMappings, then Fallback's output.
    expect(JSON.parse(record.output!)).toEqual({
      failedWith: 'FnF.TaskTimeout',
      quote: 'fallback',
      reason: 'FnF.TaskTimeout',
    });
    expect(aborted).toBe(true);
  });
});
