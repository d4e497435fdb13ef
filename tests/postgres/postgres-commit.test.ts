import { afterEach, beforeEach, expect, it } from 'vitest';

import { openPostgresStore, type PostgresStore } from '../../src/postgres/postgres-store.js';
import type { TransitionCommit } from '../../src/store/store-port.js';
import { createCommit, event, executionArnOf, updateCommit, workItem } from '../store-contract-fixtures.js';
import { describePostgres, postgresUrl, TestSchema } from './postgres-test-database.js';

describePostgres('PostgreSQL store: commits', () => {
  let schema: TestSchema;
  let store: PostgresStore;

  beforeEach(async () => {
    schema = new TestSchema();
    store = await schema.open();
    await store.migrate();
  });

  afterEach(() => schema.cleanup());

  function bulk(count: number, prefix = 'bulk'): TransitionCommit[] {
    return Array.from({ length: count }, (_, i) => {
      const name = `${prefix}-${i}`;
      return createCommit(name, {
        events: [event(1, 0, 'ExecutionStarted'), event(2, 1, 'TaskStateEntered', { n: i })],
        insertWork: [workItem(`work-${name}`, executionArnOf(name), 1000 + i)],
      });
    });
  }

  it('writes a batch of 100 creates, then 100 updates, in one statement each', async () => {
    const before = store.statementCount;
    expect(new Set(await store.commitTransitions(bulk(100)))).toEqual(new Set(['ok']));
    expect(store.statementCount - before).toBe(1);

    const updates = Array.from({ length: 100 }, (_, i) =>
      updateCommit(executionArnOf(`bulk-${i}`), 1, {
        events: [event(3, 2, 'TaskSucceeded')],
        deleteWorkIds: [`work-bulk-${i}`],
        insertWork: [workItem(`next-${i}`, executionArnOf(`bulk-${i}`), 5000)],
      }),
    );
    const beforeUpdates = store.statementCount;
    expect(new Set(await store.commitTransitions(updates))).toEqual(new Set(['ok']));
    expect(store.statementCount - beforeUpdates).toBe(1);
    expect(await store.getExecution(executionArnOf('bulk-42'))).toMatchObject({ version: 2 });
    expect((await store.getHistory(executionArnOf('bulk-42'))).map((e) => e.id)).toEqual([1, 2, 3]);
    expect((await store.listWork(executionArnOf('bulk-42'))).map((w) => w.id)).toEqual(['next-42']);
  });

  it('falls back to a savepoint per commit when one commit of 200 hits a stored event id', async () => {
    expect(await store.commitTransitions(bulk(1, 'victim'))).toEqual(['ok']);
    const victim = executionArnOf('victim-0');
    const commits = bulk(200);
    commits[120] = updateCommit(victim, 1, { events: [event(2, 1, 'Again')], insertWork: [workItem('v2', victim, 1)] });
    const before = store.statementCount;
    const outcomes = await store.commitTransitions(commits);
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(199);
    expect(outcomes[120]).toBe('conflict');
    // The failed batch statement, BEGIN, 5 per commit (SAVEPOINT, execution, history, work insert,
    // RELEASE; the conflicting one: SAVEPOINT, execution, failing history, ROLLBACK TO, RELEASE),
    // NOTIFY, COMMIT.
    expect(store.statementCount - before).toBe(1 + 1 + 200 * 5 + 1 + 1);
    expect(await store.getExecution(victim)).toMatchObject({ version: 1 });
    expect((await store.listWork(victim)).map((w) => w.id)).toEqual(['work-victim-0']);
    expect(await store.getExecution(executionArnOf('bulk-199'))).toMatchObject({ version: 1 });
  });

  it('applies commits of the same execution and work ids in input order', async () => {
    const arn = executionArnOf('trip-1');
    const outcomes = await store.commitTransitions([
      createCommit('trip-1', { events: [event(1, 0, 'ExecutionStarted')], insertWork: [workItem('w1', arn, 1)] }),
      updateCommit(arn, 1, { events: [event(2, 1, 'A')], deleteWorkIds: ['w1'], insertWork: [workItem('w2', arn, 2)] }),
      updateCommit(arn, 2, { events: [event(3, 2, 'B')], deleteWorkIds: ['w2'], insertWork: [workItem('w1', arn, 3)] }),
      updateCommit(arn, 2, { events: [event(4, 3, 'Stale')] }),
    ]);
    expect(outcomes).toEqual(['ok', 'ok', 'ok', 'conflict']);
    expect(await store.getExecution(arn)).toMatchObject({ version: 3 });
    expect((await store.getHistory(arn)).map((e) => e.type)).toEqual(['ExecutionStarted', 'A', 'B']);
    expect(await store.listWork(arn)).toEqual([workItem('w1', arn, 3)]);
  });

  it('reports an already applied batch as conflicts and writes nothing (a retry after a lost COMMIT)', async () => {
    const creates = bulk(3);
    const updates = creates.map((c) =>
      updateCommit(c.executionArn, 1, { insertWork: [workItem(`u-${c.executionArn}`, c.executionArn, 1)] }),
    );
    for (const batch of [creates, updates]) {
      expect(await store.commitTransitions(batch)).toEqual(['ok', 'ok', 'ok']);
      const before = await Promise.all(creates.map((c) => store.listWork(c.executionArn)));
      expect(await store.commitTransitions(batch)).toEqual(['conflict', 'conflict', 'conflict']);
      expect(await Promise.all(creates.map((c) => store.listWork(c.executionArn)))).toEqual(before);
    }
    expect(await store.getExecution(creates[0]!.executionArn)).toMatchObject({ version: 2 });
  });

  it('rejects the whole batch on an error that is not a conflict, in either path', async () => {
    for (const repeat of [false, true]) {
      const good = createCommit('good');
      const bad = createCommit('bad');
      bad.update = { ...bad.update, snapshot: null as unknown as string };
      const batch = repeat ? [good, updateCommit(good.executionArn, 1), bad] : [good, bad];
      await expect(store.commitTransitions(batch)).rejects.toMatchObject({ code: '23502' });
      expect(await store.getExecution(good.executionArn)).toBeUndefined();
    }
    const misuse = { ...createCommit('misuse'), expectedVersion: 3 };
    await expect(store.commitTransitions([misuse])).rejects.toThrow(TypeError);
  });

  it('keeps epoch milliseconds beyond 32 bits and event details exactly as committed', async () => {
    const startDate = Date.UTC(2100, 0, 1);
    const details = { b: 1, a: { z: [1.5, '\u0000 \u2028 "x"'], y: null }, 'key with space': -0.000001 };
    const commit = createCommit('far', { startDate, events: [{ ...event(1, 0, 'X'), ...details }] });
    commit.insertWork = [{ ...workItem('w', commit.executionArn, startDate), owner: 'A', leaseUntil: startDate + 1 }];
    expect(await store.commitTransitions([commit])).toEqual(['ok']);
    expect((await store.getExecution(commit.executionArn))?.startDate).toBe(startDate);
    const [stored] = await store.getHistory(commit.executionArn);
    expect(JSON.stringify(stored)).toBe(JSON.stringify(commit.events[0]));
    expect(await store.listWork(commit.executionArn)).toEqual(commit.insertWork);
    expect(await store.nextDueAt(startDate + 2)).toBe(startDate);
  });

  it('refuses schema names that are not plain lower-case identifiers', async () => {
    for (const bad of ['Unwind', 'a"b', 'x'.repeat(52), '1abc', '']) {
      await expect(openPostgresStore({ connectionString: postgresUrl, schema: bad })).rejects.toThrow(TypeError);
    }
  });
});
