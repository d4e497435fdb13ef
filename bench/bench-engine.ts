import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Engine, loadDefinition, openSqliteStore, type Json, type LoadedDefinition, type Store } from '../src/index.js';
import { openSqliteWorkerStore } from '../src/sqlite/sqlite-worker-store.js';
import { sagaHandlers } from './saga-definition.js';

/** An engine on a fresh database (a SQLite file, or a PostgreSQL schema: see `pg-bench-engine.ts`). */
export interface BenchEngine {
  engine: Engine;
  store: Store;
  /** SQL statements the store has sent so far, when it counts them (the PostgreSQL store does). */
  statementCount(): number | undefined;
  /** CPU time (ms) of the database server's backends serving this engine, when it can be read. */
  serverCpuMs?(): Promise<number | undefined>;
  /** Starts one execution of `definition` and returns its ARN. */
  start(definition: LoadedDefinition, input: Json): Promise<string>;
  /** Stops the engine, closes the store and removes the database. */
  close(): Promise<void>;
}

/** Starts an engine with the saga's handlers on `store`, already migrated. */
export async function startBenchEngine(
  store: Store,
  statementCount: () => number | undefined,
  cleanup: () => Promise<void>,
): Promise<BenchEngine> {
  const engine = new Engine({ store, handlers: sagaHandlers });
  try {
    await engine.start();
  } catch (error) {
    await store.close();
    throw error;
  }
  return {
    engine,
    store,
    statementCount,
    start: (definition, input) =>
      engine.startExecution({
        definition: definition.definition,
        definitionText: definition.text,
        stateMachineName: 'bench-saga',
        input,
      }),
    close: async () => {
      try {
        await engine.stop();
        await store.close();
      } finally {
        await cleanup();
      }
    },
  };
}

/**
 * An engine on a fresh SQLite file (WAL, synchronous=FULL) in its own temporary directory;
 * with `sqliteWorker`, the store runs in a worker thread.
 */
export async function openBenchEngine(parentDir: string, label: string, sqliteWorker = false): Promise<BenchEngine> {
  const dir = mkdtempSync(join(parentDir, `${label}-`));
  const remove = (): Promise<void> => Promise.resolve(rmSync(dir, { recursive: true, force: true }));
  try {
    const options = { file: join(dir, 'unwind.db'), synchronous: 'FULL' } as const;
    const store = sqliteWorker ? await openSqliteWorkerStore(options) : openSqliteStore(options);
    await store.migrate();
    return await startBenchEngine(store, () => undefined, remove);
  } catch (error) {
    await remove();
    throw error;
  }
}

export function loadBenchDefinition(text: string): LoadedDefinition {
  return loadDefinition(text, sagaHandlers);
}
