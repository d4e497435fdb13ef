import { randomBytes } from 'node:crypto';

import type pg from 'pg';
import { afterEach, beforeEach, expect, it } from 'vitest';

import { missedNotificationsDueAt } from '../../src/postgres/postgres-work-listener.js';
import { openPostgresStore, type PostgresStore } from '../../src/postgres/postgres-store.js';
import { createCommit, executionArnOf, updateCommit, workItem } from '../store-contract-fixtures.js';
import { describePostgres, TestSchema, withAdminClient } from './postgres-test-database.js';

/** Terminates every backend of `applicationName`; returns how many there were. */
async function terminateBackends(client: pg.Client, applicationName: string): Promise<number> {
  // In the select list, not the WHERE clause: there it could run before the application_name test.
  const result = await client.query<{ terminated: boolean }>(
    'SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity WHERE application_name = $1',
    [applicationName],
  );
  return result.rows.filter((row) => row.terminated).length;
}

async function until(condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describePostgres('PostgreSQL store: connection loss', () => {
  let schema: TestSchema;
  let store: PostgresStore;
  let applicationName: string;

  beforeEach(async () => {
    schema = new TestSchema();
    applicationName = `unwind-test-${randomBytes(4).toString('hex')}`;
    store = await schema.open({ applicationName });
    await store.migrate();
  });

  afterEach(() => schema.cleanup());

  /** Holds the row lock of `arn`, lets `commit` wait for it, terminates the store's backends, then lets go. */
  async function terminateWhileWaiting<T>(arn: string, commit: () => Promise<T>): Promise<T> {
    // One connection holds the lock; another watches (pg_stat_activity is frozen inside a transaction).
    return withAdminClient((locker) =>
      withAdminClient(async (observer) => {
        await locker.query('BEGIN');
        await locker.query(`SELECT 1 FROM "${schema.schema}".executions WHERE execution_arn = $1 FOR UPDATE`, [arn]);
        const blocked = commit();
        const waiting = `SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`;
        const waitingPids = async (): Promise<number[]> =>
          (await observer.query<{ pid: number }>(waiting, [applicationName])).rows.map((row) => row.pid);
        await until(async () => (await waitingPids()).length === 1);
        const [first] = await waitingPids();
        expect(await terminateBackends(observer, applicationName)).toBeGreaterThan(0);
        // The retry reconnects and waits for the lock again, on another backend.
        await until(async () => {
          const pids = await waitingPids();
          return pids.length === 1 && pids[0] !== first;
        });
        await locker.query('COMMIT');
        return blocked;
      }),
    );
  }

  it('retries a commit whose connection is terminated mid-transaction, and applies it once', async () => {
    const arn = executionArnOf('trip-1');
    expect(await store.commitTransitions([createCommit('trip-1')])).toEqual(['ok']);
    // One statement.
    const single = [updateCommit(arn, 1, { insertWork: [workItem('w1', arn, 5)] })];
    expect(await terminateWhileWaiting(arn, () => store.commitTransitions(single))).toEqual(['ok']);
    // BEGIN, a SAVEPOINT per commit, COMMIT: the same execution twice.
    const sequence = [updateCommit(arn, 2, { deleteWorkIds: ['w1'] }), updateCommit(arn, 3)];
    expect(await terminateWhileWaiting(arn, () => store.commitTransitions(sequence))).toEqual(['ok', 'ok']);
    expect(await store.getExecution(arn)).toMatchObject({ version: 4 });
    expect(await store.listWork(arn)).toEqual([]);
  });

  it('answers the next query after its idle connections were terminated', async () => {
    await Promise.all([store.listEngines(), store.listEngines(), store.listEngines()]);
    for (let round = 0; round < 3; round += 1) {
      expect(await withAdminClient((admin) => terminateBackends(admin, applicationName))).toBeGreaterThan(0);
      expect(await store.commitTransitions([createCommit(`after-kill-${round}`)])).toEqual(['ok']);
      expect(await store.getExecution(executionArnOf(`after-kill-${round}`))).toMatchObject({ version: 1 });
    }
  });

  it('reconnects a listener, tells it to look once, and delivers later notifications', async () => {
    const received: number[] = [];
    const unsubscribe = await store.onWorkAvailable((dueAt) => received.push(dueAt));
    await store.commitTransitions([createCommit('a', { insertWork: [workItem('wa', executionArnOf('a'), 10)] })]);
    await until(() => Promise.resolve(received.length === 1));
    await withAdminClient((admin) => terminateBackends(admin, applicationName));
    await until(() => Promise.resolve(received.length === 2));
    await store.commitTransitions([createCommit('b', { insertWork: [workItem('wb', executionArnOf('b'), 20)] })]);
    await until(() => Promise.resolve(received.length === 3));
    expect(received).toEqual([10, missedNotificationsDueAt, 20]);
    await unsubscribe();
    await store.commitTransitions([createCommit('c', { insertWork: [workItem('wc', executionArnOf('c'), 30)] })]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received).toHaveLength(3);
  });

  it('cancels a statement after statementTimeoutMs instead of retrying it', async () => {
    const impatient = await schema.open({ statementTimeoutMs: 150 });
    const arn = executionArnOf('trip-1');
    expect(await store.commitTransitions([createCommit('trip-1')])).toEqual(['ok']);
    await withAdminClient(async (admin) => {
      await admin.query('BEGIN');
      await admin.query(`SELECT 1 FROM "${schema.schema}".executions WHERE execution_arn = $1 FOR UPDATE`, [arn]);
      await expect(impatient.commitTransitions([updateCommit(arn, 1)])).rejects.toMatchObject({ code: '57014' });
      await admin.query('ROLLBACK');
    });
    expect(await store.getExecution(arn)).toMatchObject({ version: 1 });
  });

  it('gives up after retryTimeoutMs when the server cannot be reached', async () => {
    const unreachable = await openPostgresStore({
      connectionString: 'postgres://postgres@127.0.0.1:1/test',
      retryTimeoutMs: 400,
    });
    const started = Date.now();
    await expect(unreachable.migrate()).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    await unreachable.close();
  });
});
