import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';

import type { PostgresStore } from '../../src/postgres/postgres-store.js';
import { createCommit, executionArnOf, updateCommit, workItem } from '../store-contract-fixtures.js';
import { describePostgres, TestSchema, withAdminClient } from './postgres-test-database.js';

/**
 * Row-lock discipline of the PostgreSQL adapter. The fail-over suite found deadlocks between commit
 * batches and lease renewals of concurrent engines (each costs deadlock_timeout, 1 s, and a retry;
 * chains of them stalled engines for tens of seconds). These tests hold a row lock from another
 * connection and check what the store does meanwhile: lease statements skip the locked row instead of
 * waiting, and a commit batch takes its execution rows in ARN order whatever the input order.
 */
describePostgres('PostgreSQL store: row locks', () => {
  const schema = new TestSchema();
  let store: PostgresStore;
  const arnA = executionArnOf('lock-a');
  const arnB = executionArnOf('lock-b');

  beforeAll(async () => {
    // A statement that waits on a lock fails after 5 s instead of hanging the test.
    store = await schema.open({ statementTimeoutMs: 5_000, retryTimeoutMs: 0 });
    await store.migrate();
    const items = ['w-a1', 'w-a2'].map((id) => workItem(id, arnA, 10));
    expect(
      await store.commitTransitions([createCommit('lock-a', { insertWork: items }), createCommit('lock-b')]),
    ).toEqual(['ok', 'ok']);
    expect((await store.claimWork({ owner: 'me', now: 100, limit: 10, leaseUntil: 1_000 })).length).toBe(2);
  });

  afterAll(() => schema.cleanup());

  /** Runs `work` while another connection holds FOR UPDATE locks on `sql`'s rows. */
  async function whileLocked<T>(sql: string, values: unknown[], work: () => Promise<T>): Promise<T> {
    return withAdminClient(async (client) => {
      await client.query('BEGIN');
      try {
        await client.query(sql, values);
        return await work();
      } finally {
        await client.query('ROLLBACK');
      }
    });
  }

  const lockWork = `SELECT id FROM "${schema.schema}".work WHERE id = $1 FOR UPDATE`;
  const lockExecution = `SELECT 1 FROM "${schema.schema}".executions WHERE execution_arn = $1 FOR UPDATE`;

  it('renews the leases it can without waiting for a row another transaction holds', async () => {
    const renewed = await whileLocked(lockWork, ['w-a1'], () => store.renewLeases('me', ['w-a1', 'w-a2'], 2_000));
    expect(renewed).toEqual(['w-a2']);
    expect(await store.renewLeases('me', ['w-a1', 'w-a2'], 3_000)).toEqual(['w-a1', 'w-a2']);
  });

  it('releases the leases it can without waiting for a row another transaction holds', async () => {
    const released = await whileLocked(lockWork, ['w-a2'], () => store.releaseLeases(['me']));
    expect(released).toBe(1);
    const owners = Object.fromEntries((await store.listWork(arnA)).map((item) => [item.id, item.owner]));
    expect(owners).toEqual({ 'w-a1': null, 'w-a2': 'me' });
  });

  it('locks the execution rows of a batch in ARN order, whatever the order of the batch', async () => {
    await withAdminClient(async (holder) => {
      await holder.query('BEGIN');
      await holder.query(lockExecution, [arnB]);
      // B first in the batch: a batch that locked in input order would wait on B before touching A.
      const batch = store.commitTransitions([updateCommit(arnB, 1), updateCommit(arnA, 1)]);
      const settled = batch.then(
        (outcomes) => ({ outcomes }),
        (error: unknown) => ({ error }),
      );
      await waitForLockWaiter(holder);
      const probe = await withAdminClient((other) =>
        other.query(`${lockExecution} NOWAIT`, [arnA]).then(
          () => 'free',
          (error: { code?: string }) => (error.code === '55P03' ? 'locked' : `error ${error.code}`),
        ),
      );
      await holder.query('ROLLBACK');
      expect(probe, 'A was not locked while the batch waited for B').toBe('locked');
      expect(await settled).toEqual({ outcomes: ['ok', 'ok'] });
    });
  });

  /** Resolves once some backend of the test database waits for a lock held by `holder`. */
  async function waitForLockWaiter(holder: pg.Client): Promise<void> {
    const holderPid = (await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    for (let attempt = 0; attempt < 500; attempt++) {
      const waiting = await holder.query(`SELECT 1 FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))`, [
        holderPid,
      ]);
      if ((waiting.rowCount ?? 0) > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('no statement started waiting for the held lock');
  }
});
