import type { Connection, Pool, PoolConnection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { decideBarrierOutcome, executed, skipped, type BarrierResult } from './barrier-outcome.js';
import { BarrierFieldError } from './barrier-error.js';
import type { SqlBarrierOptions } from './barrier-options.js';
import { backQuoted, parseBarrierTableName } from './barrier-table-name.js';
import { barrierRows, type BarrierRowKey, type BranchBarrier } from './branch-barrier.js';

const ER_LOCK_DEADLOCK = 1213;

/** Attempts of the whole transaction when InnoDB picks it as a deadlock victim. */
export const DEFAULT_DEADLOCK_ATTEMPTS = 5;

export interface MysqlBarrierOptions extends SqlBarrierOptions {
  /**
   * How many times the transaction is run when InnoDB rolls it back as a deadlock victim; default 5.
   * Concurrent deliveries of one branch wait on the same unique key, and InnoDB's gap locks can then
   * deadlock them (DTM's barrier has the same trait); the victim's transaction is rolled back whole,
   * so running it again is safe, `business` included. The last deadlock error is thrown.
   */
  deadlockAttempts?: number;
}

/**
 * Runs `business` inside the barrier, in one MySQL/MariaDB (InnoDB) transaction: START TRANSACTION,
 * `INSERT IGNORE` the barrier rows (affectedRows tells inserted from ignored), run `business(connection)`
 * only when the outcome is `executed`, COMMIT. If `business` throws, ROLLBACK (the barrier rows too) and
 * the error propagates, so a redelivery runs the business again.
 *
 * `db` is a pool (a connection is taken and released) or a connection that is not inside a
 * transaction. `business` must write through the connection it receives. A concurrent duplicate waits
 * on the unique key until the first transaction ends, then finds the row: the business runs once.
 */
export async function callMysqlBarrier<T>(
  barrier: BranchBarrier,
  db: Pool | Connection,
  business: (connection: Connection) => Promise<T> | T,
  options: MysqlBarrierOptions = {},
): Promise<BarrierResult<T>> {
  const table = backQuoted(parseBarrierTableName(options.table));
  const attempts = checkAttempts(options.deadlockAttempts ?? DEFAULT_DEADLOCK_ATTEMPTS);
  const key = barrier.nextRowKey();
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await once(db, table, key, business);
    } catch (error) {
      if (attempt >= attempts || !isDeadlock(error)) throw error;
    }
  }
}

async function once<T>(
  db: Pool | Connection,
  table: string,
  key: BarrierRowKey,
  business: (connection: Connection) => Promise<T> | T,
): Promise<BarrierResult<T>> {
  if (!isPool(db)) return inTransaction(db, table, key, business);
  const connection: PoolConnection = await db.getConnection();
  let broken = false;
  try {
    return await inTransaction(connection, table, key, business, () => (broken = true));
  } finally {
    if (broken) connection.destroy();
    else connection.release();
  }
}

/** InnoDB chose this transaction as a deadlock victim and rolled it back whole. */
function isDeadlock(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { errno?: unknown }).errno === ER_LOCK_DEADLOCK;
}

function checkAttempts(value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new BarrierFieldError('deadlockAttempts', `must be a whole number of at least 1, got ${value}`);
  }
  return value;
}

function isPool(db: Pool | Connection): db is Pool {
  return 'getConnection' in db && typeof db.getConnection === 'function';
}

async function inTransaction<T>(
  connection: Connection,
  table: string,
  key: BarrierRowKey,
  business: (connection: Connection) => Promise<T> | T,
  onBroken: () => void = () => undefined,
): Promise<BarrierResult<T>> {
  await connection.beginTransaction();
  try {
    const result = await barrierThenBusiness(connection, table, key, business);
    await connection.commit();
    return result;
  } catch (error) {
    await connection.rollback().catch(onBroken);
    throw error;
  }
}

async function barrierThenBusiness<T>(
  connection: Connection,
  table: string,
  key: BarrierRowKey,
  business: (connection: Connection) => Promise<T> | T,
): Promise<BarrierResult<T>> {
  const inserted = async (op: string, reason: string): Promise<boolean> => {
    const [header] = await connection.execute<ResultSetHeader>(
      `INSERT IGNORE INTO ${table} (trans_type, gid, branch_id, op, barrier_id, reason) VALUES (?, ?, ?, ?, ?, ?)`,
      [key.transType, key.gid, key.branchId, op, key.barrierId, reason],
    );
    return header.affectedRows === 1;
  };
  const rows = barrierRows(key);
  const forwardInserted = rows.forward === undefined ? undefined : await inserted(rows.forward.op, rows.forward.reason);
  const currentInserted = await inserted(rows.current.op, rows.current.reason);
  const existingReason = currentInserted ? undefined : await reasonOf(connection, table, key);
  const outcome = decideBarrierOutcome(key.op, { forwardInserted, currentInserted, existingReason });
  if (outcome !== 'executed') return skipped(outcome, key.barrierId);
  return executed(key.barrierId, await business(connection));
}

/** A locking read, so it sees the row a concurrent transaction just committed (not the snapshot). */
async function reasonOf(connection: Connection, table: string, key: BarrierRowKey): Promise<string | undefined> {
  const [rows] = await connection.execute<RowDataPacket[]>(
    `SELECT reason FROM ${table}
     WHERE trans_type = ? AND gid = ? AND branch_id = ? AND op = ? AND barrier_id = ? LOCK IN SHARE MODE`,
    [key.transType, key.gid, key.branchId, key.op, key.barrierId],
  );
  const reason: unknown = rows[0]?.['reason'];
  return typeof reason === 'string' ? reason : undefined;
}
