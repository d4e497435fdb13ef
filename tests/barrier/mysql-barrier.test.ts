import { randomBytes } from 'node:crypto';
import mysql, { type Connection, type Pool, type RowDataPacket } from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import { createBranchBarrier } from '../../src/barrier/branch-barrier.js';
import { callMysqlBarrier } from '../../src/barrier/mysql-barrier.js';
import { ensureMysqlBarrierTable } from '../../src/barrier/mysql-barrier-table.js';
import { barrierContract, type BarrierHarness, type Delivery } from './barrier-contract.js';
import { serverReachable } from './barrier-servers.js';

const mysqlUrl = process.env['UNWIND_TEST_MYSQL_URL'] ?? 'mysql://root@127.0.0.1:3306/test';
const connection = { uri: mysqlUrl };

const reachable = await serverReachable('MariaDB/MySQL', mysqlUrl, async () => {
  const probe = await mysql.createConnection({ ...connection, connectTimeout: 3_000 });
  try {
    await probe.query('SELECT 1');
  } finally {
    await probe.end().catch(() => undefined);
  }
});

class BusinessFailure extends Error {}

const CONCURRENCY = 20;

async function openMysqlHarness(): Promise<BarrierHarness> {
  const suffix = randomBytes(6).toString('hex');
  const barrierTable = `barrier_${suffix}`;
  const accountTable = `account_${suffix}`;
  const pool = mysql.createPool({ ...connection, connectionLimit: 4 });
  await ensureMysqlBarrierTable(pool, { table: barrierTable });
  await pool.query(
    `CREATE TABLE ${accountTable} (id varchar(64) PRIMARY KEY, balance bigint NOT NULL) ENGINE = InnoDB`,
  );
  const addToBalance = (tx: Connection, account: string, amount: number) =>
    tx.execute(
      `INSERT INTO ${accountTable} (id, balance) VALUES (?, ?) ON DUPLICATE KEY UPDATE balance = balance + VALUES(balance)`,
      [account, amount],
    );
  const deliver = async (delivery: Delivery, db: Pool | Connection, fail = false) => {
    const barrier = createBranchBarrier(delivery.identity);
    const result = await callMysqlBarrier(
      barrier,
      db,
      async (tx) => {
        await addToBalance(tx, delivery.account, delivery.amount);
        if (fail) throw new BusinessFailure('business failed on purpose');
      },
      { table: barrierTable },
    );
    return result.outcome;
  };
  return {
    failure: BusinessFailure,
    concurrency: CONCURRENCY,
    deliver: (delivery, options = {}) => deliver(delivery, pool, options.fail),
    deliverConcurrently: async (deliveries) => {
      // One connection per delivery, all open before any delivery starts.
      const connections = await Promise.all(deliveries.map(() => mysql.createConnection(connection)));
      try {
        return await Promise.all(deliveries.map((delivery, index) => deliver(delivery, connections[index]!)));
      } finally {
        await Promise.all(connections.map((each) => each.end()));
      }
    },
    balance: async (account) => {
      const [rows] = await pool.query<RowDataPacket[]>(`SELECT balance FROM ${accountTable} WHERE id = ?`, [account]);
      return Number(rows[0]?.['balance'] ?? 0);
    },
    barrierReason: async (identity, op) => {
      const [rows] = await pool.query<RowDataPacket[]>(
        `SELECT reason FROM ${barrierTable}
         WHERE trans_type = ? AND gid = ? AND branch_id = ? AND op = ? AND barrier_id = '01'`,
        [identity.transType, identity.gid, identity.branchId, op],
      );
      return rows[0]?.['reason'] as string | undefined;
    },
    close: async () => {
      await pool.query(`DROP TABLE IF EXISTS ${barrierTable}, ${accountTable}`);
      await pool.end();
    },
  };
}

(reachable ? describe : describe.skip)('barrier on MariaDB/MySQL', () => {
  barrierContract(openMysqlHarness);

  it('tells gids apart by case (binary collation) and keeps using a connection of its own', async () => {
    const table = `barrier_${randomBytes(6).toString('hex')}`;
    const own = await mysql.createConnection(connection);
    try {
      await ensureMysqlBarrierTable(own, { table });
      const outcomes: string[] = [];
      for (const gid of ['Order-1', 'order-1', 'Order-1']) {
        const barrier = createBranchBarrier({ transType: 'saga', gid, branchId: '01', op: 'action' });
        outcomes.push((await callMysqlBarrier(barrier, own, () => gid, { table })).outcome);
      }
      expect(outcomes).toEqual(['executed', 'executed', 'duplicate']);
      const [rows] = await own.query<RowDataPacket[]>('SELECT @@in_transaction AS open');
      expect(rows[0]?.['open']).toBe(0);
    } finally {
      await own.query(`DROP TABLE IF EXISTS ${table}`);
      await own.end();
    }
  });
});
