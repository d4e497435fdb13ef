import { afterEach, beforeEach, expect, it } from 'vitest';

import { postgresMigrations } from '../../src/postgres/migrations/index.js';
import type { WorkItem } from '../../src/store/store-port.js';
import { createCommit, executionArnOf, updateCommit, workItem } from '../store-contract-fixtures.js';
import { describePostgres, TestSchema, withAdminClient } from './postgres-test-database.js';

/** Resolves with the values a listener receives, once `count` of them arrived (or rejects after a while). */
function collect(count: number, timeoutMs = 5_000): { listener: (dueAt: number) => void; received: Promise<number[]> } {
  const values: number[] = [];
  let done: (values: number[]) => void = () => undefined;
  const received = new Promise<number[]>((resolve, reject) => {
    done = resolve;
    setTimeout(() => reject(new Error(`got ${JSON.stringify(values)}, expected ${count} notifications`)), timeoutMs);
  });
  const listener = (dueAt: number): void => {
    values.push(dueAt);
    if (values.length === count) done([...values]);
  };
  return { listener, received };
}

describePostgres('PostgreSQL store: several processes', () => {
  let schema: TestSchema;

  beforeEach(() => {
    schema = new TestSchema();
  });

  afterEach(() => schema.cleanup());

  it('applies the migrations once when three pools migrate a new schema at once', async () => {
    const stores = await Promise.all([schema.open(), schema.open(), schema.open()]);
    await Promise.all(stores.map((store) => store.migrate()));
    const rows = await withAdminClient(async (client) => {
      const result = await client.query<{ version: number; name: string }>(
        `SELECT version, name FROM "${schema.schema}".schema_migrations ORDER BY version`,
      );
      return result.rows;
    });
    expect(rows).toEqual(postgresMigrations.map(({ version, name }) => ({ version, name })));
    await Promise.all(stores.map((store) => store.migrate()));
    expect(await stores[2].commitTransitions([createCommit('after-migrate')])).toEqual(['ok']);
  });

  it('never gives the same item to claimers in two pools', async () => {
    const [first, second] = await Promise.all([schema.open(), schema.open()]);
    await first.migrate();
    const arn = executionArnOf('trip-1');
    const items = Array.from({ length: 300 }, (_, i) => workItem(`w${String(i).padStart(3, '0')}`, arn, i % 17));
    expect(await first.commitTransitions([createCommit('trip-1', { insertWork: items })])).toEqual(['ok']);

    async function drain(store: typeof first, owner: string): Promise<WorkItem[]> {
      const claimed: WorkItem[] = [];
      for (;;) {
        const batch = await store.claimWork({ owner, now: 100, limit: 7, leaseUntil: 10_000 });
        if (batch.length === 0) return claimed;
        claimed.push(...batch);
      }
    }
    const claims = await Promise.all([drain(first, 'A'), drain(second, 'B'), drain(first, 'C'), drain(second, 'D')]);
    const ids = claims.flat().map((item) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(items.map((item) => item.id).sort());
    expect(claims.every((claimed) => claimed.length > 0)).toBe(true);
    const owners = new Map(claims.flat().map((item) => [item.id, item.owner]));
    for (const stored of await first.listWork(arn)) expect(stored.owner).toBe(owners.get(stored.id));
  });

  it('wakes a listener of another pool with the earliest unleased dueAt of each commit batch', async () => {
    const [writer, reader] = await Promise.all([schema.open(), schema.open()]);
    await writer.migrate();
    const { listener, received } = collect(2);
    const unsubscribe = await reader.onWorkAvailable(listener);
    const arn = executionArnOf('trip-1');
    const leased = { ...workItem('leased', arn, 50), owner: 'A', leaseUntil: 900 };
    await writer.commitTransitions([createCommit('trip-1', { insertWork: [workItem('w700', arn, 700), leased] })]);
    // Only leased work, and a conflicting commit: no notification.
    await writer.commitTransitions([updateCommit(arn, 1, { insertWork: [{ ...leased, id: 'leased-2' }] })]);
    await writer.commitTransitions([updateCommit(arn, 1, { insertWork: [workItem('lost', arn, 1)] })]);
    await writer.commitTransitions([
      updateCommit(arn, 2, { insertWork: [workItem('w300', arn, 300)] }),
      createCommit('trip-2', { insertWork: [workItem('w200', executionArnOf('trip-2'), 200)] }),
    ]);
    expect(await received).toEqual([700, 200]);
    await unsubscribe();
  });
});
