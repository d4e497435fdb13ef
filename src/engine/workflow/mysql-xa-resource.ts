import type { Pool, PoolConnection, RowDataPacket } from 'mysql2/promise';
import { checkXid, type XaResource } from './xa-resource.js';

/** MySQL/MariaDB's XAER_NOTA: no XA transaction with that id (already committed or rolled back). */
const XAER_NOTA = 1397;

/**
 * XA branches on MySQL or MariaDB: `XA START` ... `XA END`, `XA PREPARE`, then `XA COMMIT` or
 * `XA ROLLBACK` from any session. The preparing connection is closed after the prepare (a prepared
 * transaction outlives it; MySQL lets another session finish it only once it is gone), so each
 * branch uses a connection of its own.
 */
export function mysqlXaResource(pool: Pool): XaResource<PoolConnection> {
  return {
    name: 'mysql',
    async prepare<T>(xid: string, work: (connection: PoolConnection) => Promise<T>): Promise<T> {
      checkXid(xid);
      const connection = await pool.getConnection();
      let started = false;
      try {
        await connection.query('XA START ?', [xid]);
        started = true;
        const result = await work(connection);
        await connection.query('XA END ?', [xid]);
        await connection.query('XA PREPARE ?', [xid]);
        return result;
      } catch (error) {
        if (started) {
          await connection.query('XA END ?', [xid]).catch(() => undefined);
          await connection.query('XA ROLLBACK ?', [xid]).catch(() => undefined);
        }
        throw error;
      } finally {
        connection.destroy();
      }
    },
    async commit(xid: string): Promise<void> {
      await finishPrepared(pool, 'XA COMMIT ?', xid);
    },
    async rollback(xid: string): Promise<void> {
      await finishPrepared(pool, 'XA ROLLBACK ?', xid);
    },
    async isPrepared(xid: string): Promise<boolean> {
      const [rows] = await pool.query<RowDataPacket[]>('XA RECOVER');
      return rows.some((row) => String(row['data']) === xid);
    },
  };
}

async function finishPrepared(pool: Pool, sql: string, xid: string): Promise<void> {
  try {
    await pool.query(sql, [checkXid(xid)]);
  } catch (error) {
    if ((error as { errno?: unknown }).errno !== XAER_NOTA) throw error;
  }
}
