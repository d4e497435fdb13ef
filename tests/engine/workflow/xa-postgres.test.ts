import pg from 'pg';
import { describe } from 'vitest';
import { postgresXaResource } from '../../../src/engine/workflow/postgres-xa-resource.js';
import { postgresReachable, postgresUrl } from '../../postgres/postgres-test-database.js';
import { runXaContract, type XaDatabase } from './xa-contract.js';

/** Why PREPARE TRANSACTION cannot work here, or undefined. */
async function unusable(): Promise<string | undefined> {
  if (!postgresReachable) return `${postgresUrl} is unreachable`;
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    const result = await client.query<{ max_prepared_transactions: string }>('SHOW max_prepared_transactions');
    const max = Number(result.rows[0]?.max_prepared_transactions ?? 0);
    return max > 0 ? undefined : 'max_prepared_transactions = 0 (PREPARE TRANSACTION is disabled)';
  } finally {
    await client.end();
  }
}

const problem = await unusable();
if (problem !== undefined && process.env['CI'] === 'true') {
  throw new Error(`PostgreSQL XA tests need prepared transactions in CI, but ${problem}`);
}
if (problem !== undefined) console.warn(`\n⚠ PostgreSQL XA tests SKIPPED: ${problem}.\n`);

function open(): Promise<XaDatabase<pg.PoolClient>> {
  const pool = new pg.Pool({ connectionString: postgresUrl, max: 4 });
  return Promise.resolve({
    resource: postgresXaResource(pool),
    insertOrder: async (client, table, id) => {
      await client.query(`INSERT INTO ${table} (id) VALUES ($1)`, [id]);
    },
    createTable: async (table) => {
      await pool.query(`CREATE TABLE ${table} (id TEXT PRIMARY KEY)`);
    },
    countOrders: async (table) => {
      const result = await pool.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${table}`);
      return Number(result.rows[0]?.n);
    },
    cleanup: async (table, prefix) => {
      const prepared = await pool.query<{ gid: string }>('SELECT gid FROM pg_prepared_xacts WHERE gid LIKE $1', [
        `${prefix}%`,
      ]);
      for (const { gid } of prepared.rows) await pool.query(`ROLLBACK PREPARED '${gid}'`);
      await pool.query(`DROP TABLE IF EXISTS ${table}`);
      await pool.end();
    },
  });
}

(problem === undefined ? describe : describe.skip)('XA branches on PostgreSQL', () => runXaContract(open));
