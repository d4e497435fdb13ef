import { Worker } from 'node:worker_threads';

import type { Store } from '../store/store-port.js';
import type { SqliteSettings, SqliteStoreOptions } from './sqlite-store.js';
import {
  fromWireError,
  sqliteWorkerMethods,
  type SqliteWorkerMethod,
  type SqliteWorkerMethods,
  type SqliteWorkerRequest,
  type SqliteWorkerResponse,
} from './sqlite-worker-protocol.js';

/** The SQLite store served from a worker thread: same contract, SQL off the main thread. */
export interface SqliteWorkerStore extends Store {
  readonly file: string;
  /** The connection settings as SQLite reports them (read back in the worker). */
  readSettings(): Promise<SqliteSettings>;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * Opens the SQLite store (`openSqliteStore`, same options) in a `worker_threads` Worker and returns a
 * `Store` whose every call is a message to it: the SQL runs on the worker's thread while the engine
 * runs on this one. Calls are served in the order they are made. Errors keep their class (`TypeError`,
 * better-sqlite3's `SqliteError` with its `code`, ...). `close()` closes the database, then ends the
 * worker. There is no `onWorkAvailable`: like the SQLite store, it serves one process.
 *
 * Rejects when the store cannot be opened (e.g. `TypeError` for a bad option), after ending the worker.
 */
export async function openSqliteWorkerStore(options: SqliteStoreOptions): Promise<SqliteWorkerStore> {
  const worker = spawnWorker({ ...options });
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let failure: Error | undefined;
  let closing: Promise<void> | undefined;
  let accepting = true;

  const settle = (response: SqliteWorkerResponse): void => {
    const entry = pending.get(response.id);
    if (entry === undefined) return;
    pending.delete(response.id);
    if (pending.size === 0) worker.unref();
    if (response.ok) entry.resolve(response.value);
    else entry.reject(fromWireError(response.error));
  };
  const failAll = (error: Error): void => {
    failure ??= error;
    const entries = [...pending.values()];
    pending.clear();
    worker.unref();
    for (const entry of entries) entry.reject(error);
  };

  worker.on('message', settle);
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`the SQLite worker thread exited (code ${code})`)));

  const opened = new Promise<unknown>((resolve, reject) => pending.set(0, { resolve, reject }));
  try {
    await opened;
  } catch (error) {
    await worker.terminate();
    throw error;
  }

  const call = (method: SqliteWorkerMethod, args: unknown[]): Promise<unknown> => {
    if (failure !== undefined) return Promise.reject(failure);
    if (!accepting) return Promise.reject(new TypeError('The database connection is not open'));
    const id = nextId++;
    const request: SqliteWorkerRequest = { id, method, args };
    return new Promise((resolve, reject) => {
      try {
        worker.postMessage(request);
      } catch (error) {
        // Arguments that cannot be cloned (a function, a symbol, ...): nothing was sent.
        reject(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      if (pending.size === 0) worker.ref();
      pending.set(id, { resolve, reject });
    });
  };

  const close = async (): Promise<void> => {
    // A worker that already failed has no connection left to close.
    const closed = failure === undefined ? call('close', []) : Promise.resolve();
    accepting = false;
    try {
      await closed;
    } finally {
      failure ??= new TypeError('The database connection is not open');
      await worker.terminate();
    }
  };

  const methods: Record<string, unknown> = {};
  for (const method of sqliteWorkerMethods) {
    methods[method] = method === 'close' ? () => (closing ??= close()) : (...args: unknown[]) => call(method, args);
  }
  const store = methods as unknown as SqliteWorkerMethods;
  return Object.freeze({ ...store, file: options.file });
}

/**
 * Starts the worker on the compiled `.js` next to this file or, when this module runs as TypeScript
 * (vitest, tsx), on the `.ts` through tsx. Node 20 does not apply loader hooks given as
 * `execArgv: ['--import', 'tsx']` to a worker's entry module ("Unknown file extension .ts"), so the
 * worker registers tsx itself before it imports the entry.
 */
function spawnWorker(options: SqliteStoreOptions): Worker {
  if (!import.meta.url.endsWith('.ts')) {
    return new Worker(new URL('./sqlite-worker-thread.js', import.meta.url), { workerData: options });
  }
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./sqlite-worker-thread.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: options });
}
