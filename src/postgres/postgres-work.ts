import type { WorkItem } from '../store/store-port.js';
import type { PostgresSession } from './postgres-database.js';
import { toWorkItem, workColumns, type WorkRow } from './postgres-rows.js';
import { quoteSchema } from './postgres-schema-name.js';

/**
 * Work items outside of claiming (see `postgres-claim-work.ts`) and of commits. A lease is held
 * while `lease_until >= now`; it is expired (claimable) when `lease_until < now` or absent.
 */
export interface PostgresWork {
  listForExecution(executionArn: string): Promise<WorkItem[]>;
  nextDueAt(now: number): Promise<number | undefined>;
  countDue(now: number): Promise<number>;
  renewLeases(owner: string, ids: readonly string[], leaseUntil: number): Promise<string[]>;
  releaseLeases(owners: readonly string[]): Promise<number>;
}

export function createPostgresWork(session: PostgresSession, schema: string): PostgresWork {
  const work = `${quoteSchema(schema)}.work`;
  const selectForExecution = `SELECT ${workColumns} FROM ${work} WHERE execution_arn = $1 ORDER BY due_at, id`;
  const selectNextDueAt = `SELECT min(due_at) AS next_due_at FROM ${work}
    WHERE lease_until IS NULL OR lease_until < $1`;
  // Both skip rows another transaction holds (a commit deleting them, a claimer taking an expired
  // lease) instead of waiting: waiting there, in whatever order the plan visits rows, deadlocked
  // against commit batches, and each deadlock costs deadlock_timeout (1 s) before a retry.
  const countDue = `SELECT count(*)::int AS due FROM ${work}
    WHERE due_at <= $1 AND (lease_until IS NULL OR lease_until < $1)`;
  const renew = `UPDATE ${work} SET lease_until = $3
    WHERE id = ANY(ARRAY(SELECT id FROM ${work} WHERE owner = $1 AND id = ANY($2::text[]) FOR UPDATE SKIP LOCKED))
    RETURNING id`;
  const release = `UPDATE ${work} SET owner = NULL, lease_until = NULL
    WHERE id = ANY(ARRAY(SELECT id FROM ${work} WHERE owner = ANY($1::text[]) FOR UPDATE SKIP LOCKED))`;
  return {
    async listForExecution(executionArn) {
      return (await session.run<WorkRow>(selectForExecution, [executionArn])).rows.map(toWorkItem);
    },
    async nextDueAt(now) {
      const result = await session.run<{ next_due_at: number | null }>(selectNextDueAt, [now], 'unwind_next_due_at');
      return result.rows[0]?.next_due_at ?? undefined;
    },
    async countDue(now) {
      const result = await session.run<{ due: number }>(countDue, [now], 'unwind_count_due_work');
      return result.rows[0]?.due ?? 0;
    },
    async renewLeases(owner, ids, leaseUntil) {
      if (ids.length === 0) return [];
      const result = await session.run<{ id: string }>(renew, [owner, ids, leaseUntil], 'unwind_renew_leases');
      const held = new Set(result.rows.map((row) => row.id));
      return ids.filter((id) => held.has(id));
    },
    async releaseLeases(owners) {
      if (owners.length === 0) return 0;
      return (await session.run(release, [owners])).rowCount ?? 0;
    },
  };
}
