import mysql, { type PoolConnection, type RowDataPacket } from 'mysql2/promise';
import { describe } from 'vitest';
import { mysqlXaResource } from '../../../src/engine/workflow/mysql-xa-resource.js';
import { runXaContract, type XaDatabase } from './xa-contract.js';

const options = { host: '127.0.0.1', port: 3306, user: 'root', password: '', database: 'test' };

async function unreachable(): Promise<string | undefined> {
  try {
    const connection = await mysql.createConnection({ ...options, connectTimeout: 3_000 });
    await connection.end();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

const problem = await unreachable();
if (problem !== undefined && process.env['CI'] === 'true') throw new Error(`MariaDB is required in CI: ${problem}`);
if (problem !== undefined) console.warn(`\n⚠ MariaDB XA tests SKIPPED: 127.0.0.1:3306 is unreachable (${problem}).\n`);

function open(): Promise<XaDatabase<PoolConnection>> {
  const pool = mysql.createPool({ ...options, connectionLimit: 4 });
  return Promise.resolve({
    resource: mysqlXaResource(pool),
    insertOrder: async (connection, table, id) => {
      await connection.query(`INSERT INTO ${table} (id) VALUES (?)`, [id]);
    },
    createTable: async (table) => {
      await pool.query(`CREATE TABLE ${table} (id VARCHAR(128) PRIMARY KEY) ENGINE=InnoDB`);
    },
    countOrders: async (table) => {
      const [rows] = await pool.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM ${table}`);
      return Number(rows[0]?.['n']);
    },
    cleanup: async (table, prefix) => {
      const [rows] = await pool.query<RowDataPacket[]>('XA RECOVER');
      for (const row of rows) {
        const xid = String(row['data']);
        if (xid.startsWith(prefix)) await pool.query('XA ROLLBACK ?', [xid]);
      }
      await pool.query(`DROP TABLE IF EXISTS ${table}`);
      await pool.end();
    },
  });
}

(problem === undefined ? describe : describe.skip)('XA branches on MariaDB', () => runXaContract(open));
