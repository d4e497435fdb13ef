import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createBranchBarrier } from '../../src/barrier/branch-barrier.js';
import { callPostgresBarrier } from '../../src/barrier/postgres-barrier.js';
import { ensurePostgresBarrierTable } from '../../src/barrier/postgres-barrier-table.js';
import { barrierContract, type BarrierHarness, type Delivery } from './barrier-contract.js';
import { serverReachable } from './barrier-servers.js';

const postgresUrl = process.env['UNWIND_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

const reachable = await serverReachable('PostgreSQL', postgresUrl, async () => {
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 3_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => undefined);
  }
});

class BusinessFailure extends Error {}

const CONCURRENCY = 20;

/** A pool whose connections work in `schema` (the participant's database, a fresh schema per suite). */
function poolIn(schema: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: postgresUrl, max, options: `-c search_path=${schema}` });
  pool.on('error', () => undefined);
  return pool;
}

async function addToBalance(client: pg.ClientBase, account: string, amount: number): Promise<void> {
  await client.query(
    `INSERT INTO account (id, balance) VALUES ($1, $2)
     ON CONFLICT (id) DO UPDATE SET balance = account.balance + excluded.balance`,
    [account, amount],
  );
}

async function openPostgresHarness(): Promise<BarrierHarness> {
  const schema = `unwind_barrier_${randomBytes(6).toString('hex')}`;
  const pool = poolIn(schema, 4);
  await pool.query(`CREATE SCHEMA "${schema}"`);
  await ensurePostgresBarrierTable(pool);
  await pool.query('CREATE TABLE account (id text PRIMARY KEY, balance bigint NOT NULL)');
  const deliver = async (delivery: Delivery, db: pg.Pool, fail = false) => {
    const result = await callPostgresBarrier(createBranchBarrier(delivery.identity), db, async (client) => {
      await addToBalance(client, delivery.account, delivery.amount);
      if (fail) throw new BusinessFailure('business failed on purpose');
    });
    return result.outcome;
  };
  return {
    failure: BusinessFailure,
    concurrency: CONCURRENCY,
    deliver: (delivery, options = {}) => deliver(delivery, pool, options.fail),
    deliverConcurrently: async (deliveries) => {
      const wide = poolIn(schema, deliveries.length);
      try {
        // Open every connection first, so the deliveries really run side by side.
        const clients = await Promise.all(deliveries.map(() => wide.connect()));
        clients.forEach((client) => client.release());
        return await Promise.all(deliveries.map((delivery) => deliver(delivery, wide)));
      } finally {
        await wide.end();
      }
    },
    balance: async (account) => {
      const result = await pool.query<{ balance: string }>('SELECT balance FROM account WHERE id = $1', [account]);
      return Number(result.rows[0]?.balance ?? 0);
    },
    barrierReason: async (identity, op) => {
      const result = await pool.query<{ reason: string }>(
        `SELECT reason FROM barrier WHERE trans_type = $1 AND gid = $2 AND branch_id = $3 AND op = $4 AND barrier_id = '01'`,
        [identity.transType, identity.gid, identity.branchId, op],
      );
      return result.rows[0]?.reason;
    },
    close: async () => {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    },
  };
}

(reachable ? describe : describe.skip)('barrier on PostgreSQL', () => {
  barrierContract(openPostgresHarness);

  it('runs on a client of its own, and creates a schema-qualified table', async () => {
    const schema = `unwind_barrier_${randomBytes(6).toString('hex')}`;
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    try {
      await ensurePostgresBarrierTable(client, { table: `${schema}.branch_barrier` });
      const action = { transType: 'saga', gid: 'g-1', branchId: '01', op: 'action' } as const;
      const options = { table: `${schema}.branch_barrier` };
      const first = await callPostgresBarrier(createBranchBarrier(action), client, () => 'ran', options);
      const again = await callPostgresBarrier(createBranchBarrier(action), client, () => 'ran', options);
      expect([first, again]).toEqual([
        { outcome: 'executed', barrierId: '01', value: 'ran' },
        { outcome: 'duplicate', barrierId: '01', value: undefined },
      ]);
      const rows = await client.query(`SELECT op, reason FROM "${schema}".branch_barrier`);
      expect(rows.rows).toEqual([{ op: 'action', reason: 'action' }]);
      await expect(callPostgresBarrier(createBranchBarrier(action), client, () => 1, { table: 'x;y' })).rejects.toThrow(
        /barrier table:/,
      );
      // The client is usable afterwards, outside any transaction.
      expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    }
  });
});
