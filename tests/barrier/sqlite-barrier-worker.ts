import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { createBranchBarrier } from '../../src/barrier/branch-barrier.js';
import { callSqliteBarrier } from '../../src/barrier/sqlite-barrier.js';
import type { Delivery } from './barrier-contract.js';
import { addToSqliteBalance, openParticipantDatabase } from './sqlite-barrier-business.js';

/** A request to this worker: make `delivery` once the shared `start` flag turns 1. */
export interface WorkerDelivery {
  delivery: Delivery;
  start: SharedArrayBuffer;
}

/**
 * One concurrent participant with its own connection. Per request it says `ready`, blocks until the
 * shared start flag is raised (so every worker enters the barrier at the same moment), then makes its
 * delivery and reports the outcome.
 */
const { file } = workerData as { file: string };
const db = openParticipantDatabase(Database, file);
const port = parentPort!;
port.on('message', ({ delivery, start }: WorkerDelivery) => {
  port.postMessage({ kind: 'ready' });
  Atomics.wait(new Int32Array(start), 0, 0);
  try {
    const result = callSqliteBarrier(createBranchBarrier(delivery.identity), db, (tx) =>
      addToSqliteBalance(tx, delivery.account, delivery.amount),
    );
    port.postMessage({ kind: 'outcome', outcome: result.outcome });
  } catch (error) {
    port.postMessage({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
  }
});
port.postMessage({ kind: 'started' });
