import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StateMachineDefinition } from '../../src/core/definition/asl-types.js';
import type { HistoryEvent } from '../../src/core/interpreter/history-event.js';
import type { Json } from '../../src/core/json.js';
import { ManualClock } from '../../src/engine/clock.js';
import { Engine } from '../../src/engine/engine.js';
import type { EngineOptions } from '../../src/engine/engine-options.js';
import type { TaskHandlers } from '../../src/engine/task-handler.js';
import { openSqliteStore } from '../../src/sqlite/sqlite-store.js';
import type { ExecutionRecord, Store } from '../../src/store/store-port.js';
import { TestSchema } from '../postgres/postgres-test-database.js';

/** The store adapters engine tests run on. */
export type StoreKind = 'sqlite' | 'postgres';

export interface EngineFixture {
  engine: Engine;
  store: Store;
  clock: ManualClock;
  dir: string;
  /** Starts an execution and drives it (skipping time on the manual clock) until it ends. */
  run(definition: StateMachineDefinition, input?: Json, name?: string): Promise<ExecutionResult>;
  start(definition: StateMachineDefinition, input?: Json, name?: string): Promise<string>;
  /** Advances the clock step by step until the execution ends (at most `maxSteps`). */
  finish(arn: string, stepMs?: number, maxSteps?: number): Promise<ExecutionResult>;
  close(): Promise<void>;
}

export interface ExecutionResult {
  record: ExecutionRecord;
  events: HistoryEvent[];
  output: Json;
}

export async function createEngineFixture(
  handlers: TaskHandlers,
  options: Partial<EngineOptions> = {},
  kind: StoreKind = 'sqlite',
): Promise<EngineFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'unwind-engine-'));
  const schema = kind === 'postgres' ? new TestSchema() : undefined;
  const store = schema ? await schema.open() : openSqliteStore({ file: join(dir, 'unwind.db') });
  await store.migrate();
  const clock = new ManualClock();
  const engine = new Engine({ store, handlers, clock, random: () => 0.5, ...options });
  await engine.start();
  const start = (definition: StateMachineDefinition, input: Json = {}, name?: string): Promise<string> =>
    engine.startExecution({
      definition,
      definitionText: JSON.stringify(definition),
      stateMachineName: 'test-machine',
      input,
      ...(name ? { name } : {}),
    });
  const finish = async (arn: string, stepMs = 1000, maxSteps = 10_000): Promise<ExecutionResult> => {
    for (let step = 0; step < maxSteps; step++) {
      await engine.drain();
      const record = await store.getExecution(arn);
      if (record && record.status !== 'RUNNING') {
        const events = await store.getHistory(arn);
        return { record, events, output: record.output === null ? null : (JSON.parse(record.output) as Json) };
      }
      clock.advance(stepMs);
    }
    throw new Error(`execution ${arn} did not finish within ${maxSteps} steps`);
  };
  return {
    engine,
    store,
    clock,
    dir,
    start,
    finish,
    run: async (definition, input, name) => finish(await start(definition, input, name)),
    close: async () => {
      await engine.stop();
      await store.close();
      await schema?.cleanup();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Event types in order, without the execution-level bookends when `inner` is true. */
export function eventTypes(events: HistoryEvent[]): string[] {
  return events.map((event) => event.type);
}

export function enteredStates(events: HistoryEvent[]): string[] {
  return events
    .filter((event) => event.type.endsWith('StateEntered'))
    .map((event) => (event.stateEnteredEventDetails as { name: string }).name);
}
