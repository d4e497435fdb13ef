/**
 * The worker thread behind `openSqliteWorkerStore`: opens the SQLite store on this thread and serves
 * its methods to the main thread, one request at a time, in the order they arrive.
 */
import { parentPort, workerData } from 'node:worker_threads';

import { openSqliteStore, type SqliteStore, type SqliteStoreOptions } from './sqlite-store.js';
import {
  isSqliteWorkerMethod,
  toWireError,
  type SqliteWorkerMethod,
  type SqliteWorkerRequest,
  type SqliteWorkerResponse,
} from './sqlite-worker-protocol.js';

const port = parentPort;
if (port === null) throw new Error('sqlite-worker-thread must run in a worker thread');

function send(response: SqliteWorkerResponse): void {
  try {
    port!.postMessage(response);
  } catch (error) {
    // The value could not be cloned: report that instead of leaving the caller waiting.
    port!.postMessage({ id: response.id, ok: false, error: toWireError(error) } satisfies SqliteWorkerResponse);
  }
}

let store: SqliteStore | undefined;
try {
  store = openSqliteStore(workerData as SqliteStoreOptions);
  send({ id: 0, ok: true, value: store.file });
} catch (error) {
  send({ id: 0, ok: false, error: toWireError(error) });
}

if (store !== undefined) {
  // The store's methods are arrow functions: they can be called apart from the object.
  const methods = store as unknown as Record<SqliteWorkerMethod, (...parameters: unknown[]) => unknown>;
  port.on('message', (request: SqliteWorkerRequest) => {
    const { id, method, args } = request;
    if (!isSqliteWorkerMethod(method)) {
      send({ id, ok: false, error: toWireError(new TypeError(`unknown store method ${String(method)}`)) });
      return;
    }
    let result: Promise<unknown>;
    try {
      result = Promise.resolve(methods[method](...args));
    } catch (error) {
      result = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    result.then(
      (value) => send({ id, ok: true, value }),
      (error: unknown) => send({ id, ok: false, error: toWireError(error) }),
    );
  });
}
