import type { ClaimWorkRequest, WorkItem } from '../store/store-port.js';
import type { PostgresSession } from './postgres-database.js';
import { toWorkItem, workColumns, type WorkRow } from './postgres-rows.js';
import { quoteSchema } from './postgres-schema-name.js';

/** The claim statement, with or without the kinds filter. Exported for the plan test and the docs. */
export function claimWorkSql(schema: string, withKinds: boolean): string {
  const work = `${quoteSchema(schema)}.work`;
  const kinds = withKinds ? 'AND kind = ANY($5::text[])' : '';
  return `UPDATE ${work} SET owner = $1, lease_until = $2
    WHERE id = ANY(ARRAY(
      SELECT id FROM ${work}
      WHERE due_at <= $3 AND (lease_until IS NULL OR lease_until < $3) ${kinds}
      ORDER BY due_at
      LIMIT $4
      FOR UPDATE SKIP LOCKED
    ))
    RETURNING ${workColumns}`;
}

/**
 * `id = ANY(ARRAY(subquery))` rather than `id IN (subquery)`: the subquery runs once (an InitPlan) and
 * the UPDATE finds the rows by primary key, in the generic plan of the prepared statement too. With
 * `IN`, the generic plan (LIMIT unknown) hash-joins against a Seq Scan of work.
 *
 * Leases up to `limit` due items (due_at <= now, lease absent or expired), earliest due first, in one
 * statement. FOR UPDATE SKIP LOCKED makes concurrent claimers (any process) take disjoint items
 * without waiting for each other; a row leased by a claimer that committed meanwhile is re-checked
 * against the lease condition and skipped.
 */
export function createPostgresClaimWork(
  session: PostgresSession,
  schema: string,
): (request: ClaimWorkRequest) => Promise<WorkItem[]> {
  const claimAny = claimWorkSql(schema, false);
  const claimKinds = claimWorkSql(schema, true);
  return async (request) => {
    if (request.limit <= 0 || request.kinds?.length === 0) return [];
    const values: unknown[] = [request.owner, request.leaseUntil, request.now, request.limit];
    const result =
      request.kinds === undefined
        ? await session.run<WorkRow>(claimAny, values, 'unwind_claim_work')
        : await session.run<WorkRow>(claimKinds, [...values, request.kinds], 'unwind_claim_work_of_kinds');
    // RETURNING has no order of its own.
    return result.rows.map(toWorkItem).sort((a, b) => a.dueAt - b.dueAt || compareText(a.id, b.id));
  };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
