import type Database from 'better-sqlite3';
import { decideBarrierOutcome, executed, skipped, type BarrierResult } from './barrier-outcome.js';
import type { SqlBarrierOptions } from './barrier-options.js';
import { doubleQuoted, parseBarrierTableName } from './barrier-table-name.js';
import { barrierRows, type BarrierRowKey, type BranchBarrier } from './branch-barrier.js';

/**
 * Runs `business` inside the barrier, in one SQLite transaction (BEGIN IMMEDIATE; a savepoint when the
 * caller is already inside a better-sqlite3 transaction): insert-or-ignore the barrier rows, then run
 * `business(db)` only when the outcome is `executed`. If `business` throws, everything rolls back, the
 * barrier rows included, and the error propagates, so a redelivery runs the business again.
 *
 * `business` must be synchronous (better-sqlite3 transactions cannot span an await) and must write
 * through `db`, the same connection. Give concurrent writers a `busy_timeout` so they wait for the lock.
 */
export function callSqliteBarrier<T>(
  barrier: BranchBarrier,
  db: Database.Database,
  business: (db: Database.Database) => T,
  options: SqlBarrierOptions = {},
): BarrierResult<T> {
  const table = doubleQuoted(parseBarrierTableName(options.table));
  const key = barrier.nextRowKey();
  const insert = db.prepare<[string, string, string, string, string, string]>(
    `INSERT OR IGNORE INTO ${table} (trans_type, gid, branch_id, op, barrier_id, reason) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const reasonOf = db
    .prepare<[string, string, string, string, string], string>(
      `SELECT reason FROM ${table} WHERE trans_type = ? AND gid = ? AND branch_id = ? AND op = ? AND barrier_id = ?`,
    )
    .pluck();
  const inserted = (op: string, reason: string): boolean =>
    insert.run(key.transType, key.gid, key.branchId, op, key.barrierId, reason).changes === 1;

  const run = db.transaction((): BarrierResult<T> => {
    const rows = barrierRows(key);
    const forwardInserted = rows.forward === undefined ? undefined : inserted(rows.forward.op, rows.forward.reason);
    const currentInserted = inserted(rows.current.op, rows.current.reason);
    const existingReason = currentInserted ? undefined : reasonOf.get(...keyValues(key));
    const outcome = decideBarrierOutcome(key.op, { forwardInserted, currentInserted, existingReason });
    if (outcome !== 'executed') return skipped(outcome, key.barrierId);
    const value = business(db);
    if (value instanceof Promise) {
      value.catch(() => undefined);
      throw new TypeError('callSqliteBarrier: business must be synchronous (it returned a Promise)');
    }
    return executed(key.barrierId, value);
  });
  return run.immediate();
}

function keyValues(key: BarrierRowKey): [string, string, string, string, string] {
  return [key.transType, key.gid, key.branchId, key.op, key.barrierId];
}
