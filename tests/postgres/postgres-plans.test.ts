import { afterAll, beforeAll, expect, it } from 'vitest';

import { claimWorkSql } from '../../src/postgres/postgres-claim-work.js';
import type { WorkItem } from '../../src/store/store-port.js';
import { createCommit, executionArnOf } from '../store-contract-fixtures.js';
import { describePostgres, TestSchema, withAdminClient } from './postgres-test-database.js';

const itemCount = 20_000;
const now = 1_050_000;

describePostgres('PostgreSQL store: query plans', () => {
  const schema = new TestSchema();

  beforeAll(async () => {
    const store = await schema.open();
    await store.migrate();
    const arn = executionArnOf('busy');
    // Due times spread over 100 000 ms; every tenth item leased by another engine.
    const items: WorkItem[] = Array.from({ length: itemCount }, (_, i) => ({
      id: `w${i}`,
      executionArn: arn,
      kind: i % 3 === 0 ? 'timer' : 'task',
      dueAt: 1_000_000 + ((i * 7919) % 100_000),
      payload: '{}',
      owner: i % 10 === 0 ? 'other' : null,
      leaseUntil: i % 10 === 0 ? 2_000_000 : null,
    }));
    expect(await store.commitTransitions([createCommit('busy', { insertWork: items })])).toEqual(['ok']);
    await withAdminClient((client) => client.query(`ANALYZE "${schema.schema}".work`));
  });

  afterAll(() => schema.cleanup());

  async function plan(sql: string, values: unknown[] = []): Promise<string> {
    return withAdminClient(async (client) => {
      const result = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, values);
      return result.rows.map((row) => row['QUERY PLAN']).join('\n');
    });
  }

  /** The plan a prepared statement gets once PostgreSQL switches it to a generic plan. */
  async function genericPlan(sql: string, argumentsSql: string): Promise<string> {
    return withAdminClient(async (client) => {
      await client.query(`PREPARE claim AS ${sql}`);
      await client.query('SET plan_cache_mode = force_generic_plan');
      const result = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN EXECUTE claim(${argumentsSql})`);
      return result.rows.map((row) => row['QUERY PLAN']).join('\n');
    });
  }

  function expectIndexClaim(text: string): void {
    expect(text).toMatch(/Index Scan using work_by_due_at on work/);
    expect(text).toMatch(/LockRows/);
    expect(text).toMatch(/Index Scan using work_pkey on work/);
    expect(text).not.toMatch(/Seq Scan/);
    expect(text).not.toMatch(/Sort/);
  }

  it('claims through the due_at index, without a Seq Scan or a Sort of work', async () => {
    expectIndexClaim(await plan(claimWorkSql(schema.schema, false), ['me', 5, now, 10]));
    expectIndexClaim(await plan(claimWorkSql(schema.schema, true), ['me', 5, now, 10, ['timer']]));
  });

  it('keeps the index plan when the prepared claim statement goes generic', async () => {
    expectIndexClaim(await genericPlan(claimWorkSql(schema.schema, false), `'me', 5, ${now}, 10`));
    expectIndexClaim(await genericPlan(claimWorkSql(schema.schema, true), `'me', 5, ${now}, 10, '{timer}'`));
  });

  it('finds the next due time from the index alone', async () => {
    const text = await plan(
      `SELECT min(due_at) FROM "${schema.schema}".work WHERE lease_until IS NULL OR lease_until < $1`,
      [now],
    );
    expect(text).toMatch(/Index Only Scan using work_by_due_at on work/);
    expect(text).not.toMatch(/Seq Scan/);
  });
});
