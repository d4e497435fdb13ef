import pg from 'pg';
import { decideBarrierOutcome, executed, skipped, type BarrierResult } from './barrier-outcome.js';
import type { SqlBarrierOptions } from './barrier-options.js';
import { doubleQuoted, parseBarrierTableName } from './barrier-table-name.js';
import { barrierRows, type BarrierRowKey, type BranchBarrier } from './branch-barrier.js';

/**
 * Runs `business` inside the barrier, in one PostgreSQL transaction: BEGIN, insert the barrier rows
 * with `ON CONFLICT DO NOTHING`, run `business(client)` only when the outcome is `executed`, COMMIT. If
 * `business` throws, ROLLBACK (the barrier rows too) and the error propagates, so a redelivery runs the
 * business again.
 *
 * `db` is a pool (a client is checked out and released) or a connected client that is not inside a
 * transaction. `business` must write through the client it receives. A concurrent duplicate waits on
 * the unique key until the first transaction ends, then finds the row: the business runs once.
 */
export async function callPostgresBarrier<T>(
  barrier: BranchBarrier,
  db: pg.Pool | pg.ClientBase,
  business: (client: pg.ClientBase) => Promise<T> | T,
  options: SqlBarrierOptions = {},
): Promise<BarrierResult<T>> {
  const table = doubleQuoted(parseBarrierTableName(options.table));
  const key = barrier.nextRowKey();
  if (!isPool(db)) return inTransaction(db, table, key, business);
  const client = await db.connect();
  let broken: Error | undefined;
  try {
    return await inTransaction(client, table, key, business, (error) => (broken = error));
  } finally {
    client.release(broken);
  }
}

function isPool(db: pg.Pool | pg.ClientBase): db is pg.Pool {
  return db instanceof pg.Pool || 'totalCount' in db;
}

async function inTransaction<T>(
  client: pg.ClientBase,
  table: string,
  key: BarrierRowKey,
  business: (client: pg.ClientBase) => Promise<T> | T,
  onBroken: (error: Error) => void = () => undefined,
): Promise<BarrierResult<T>> {
  await client.query('BEGIN');
  try {
    const result = await barrierThenBusiness(client, table, key, business);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => onBroken(rollbackError));
    throw error;
  }
}

async function barrierThenBusiness<T>(
  client: pg.ClientBase,
  table: string,
  key: BarrierRowKey,
  business: (client: pg.ClientBase) => Promise<T> | T,
): Promise<BarrierResult<T>> {
  const inserted = async (op: string, reason: string): Promise<boolean> => {
    const result = await client.query(
      `INSERT INTO ${table} (trans_type, gid, branch_id, op, barrier_id, reason)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      [key.transType, key.gid, key.branchId, op, key.barrierId, reason],
    );
    return result.rowCount === 1;
  };
  const rows = barrierRows(key);
  const forwardInserted = rows.forward === undefined ? undefined : await inserted(rows.forward.op, rows.forward.reason);
  const currentInserted = await inserted(rows.current.op, rows.current.reason);
  const existingReason = currentInserted ? undefined : await reasonOf(client, table, key);
  const outcome = decideBarrierOutcome(key.op, { forwardInserted, currentInserted, existingReason });
  if (outcome !== 'executed') return skipped(outcome, key.barrierId);
  return executed(key.barrierId, await business(client));
}

async function reasonOf(client: pg.ClientBase, table: string, key: BarrierRowKey): Promise<string | undefined> {
  const result = await client.query<{ reason: string }>(
    `SELECT reason FROM ${table} WHERE trans_type = $1 AND gid = $2 AND branch_id = $3 AND op = $4 AND barrier_id = $5`,
    [key.transType, key.gid, key.branchId, key.op, key.barrierId],
  );
  return result.rows[0]?.reason;
}
