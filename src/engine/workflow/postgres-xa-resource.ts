import type pg from 'pg';
import { checkXid, type XaResource } from './xa-resource.js';

/** PostgreSQL's "no prepared transaction with that identifier" (undefined_object). */
const NOT_FOUND = '42704';

/**
 * XA branches on PostgreSQL: `BEGIN` ... `PREPARE TRANSACTION 'xid'`, then `COMMIT PREPARED` or
 * `ROLLBACK PREPARED` from any session. The server needs `max_prepared_transactions` > 0.
 */
export function postgresXaResource(pool: pg.Pool): XaResource<pg.PoolClient> {
  return {
    name: 'postgres',
    async prepare<T>(xid: string, work: (connection: pg.PoolClient) => Promise<T>): Promise<T> {
      const literal = checkXid(xid);
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await work(client);
        await client.query(`PREPARE TRANSACTION '${literal}'`);
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: unknown) => {
          broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        });
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async commit(xid: string): Promise<void> {
      await finishPrepared(pool, `COMMIT PREPARED '${checkXid(xid)}'`);
    },
    async rollback(xid: string): Promise<void> {
      await finishPrepared(pool, `ROLLBACK PREPARED '${checkXid(xid)}'`);
    },
    async isPrepared(xid: string): Promise<boolean> {
      const result = await pool.query(
        'SELECT 1 FROM pg_prepared_xacts WHERE gid = $1 AND database = current_database()',
        [xid],
      );
      return (result.rowCount ?? 0) > 0;
    },
  };
}

async function finishPrepared(pool: pg.Pool, sql: string): Promise<void> {
  try {
    await pool.query(sql);
  } catch (error) {
    if ((error as { code?: unknown }).code !== NOT_FOUND) throw error;
  }
}
