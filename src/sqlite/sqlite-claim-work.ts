import type Database from 'better-sqlite3';

import type { ClaimWorkRequest, WorkItem } from '../store/store-port.js';
import { toWorkItem, type WorkRow } from './sqlite-rows.js';

interface ClaimParameters {
  now: number;
  /** JSON array of kinds, or null for every kind. */
  kinds: string | null;
  limit: number;
}

/**
 * Leases up to `limit` due items (due_at <= now, lease absent or expired), earliest due first.
 * Select and lease run in one immediate transaction, so two claimers never get the same item.
 */
export function prepareSqliteClaimWork(db: Database.Database): (request: ClaimWorkRequest) => WorkItem[] {
  const selectClaimable = db.prepare<[ClaimParameters], WorkRow>(
    `SELECT id, execution_arn, kind, due_at, payload, owner, lease_until FROM work
     WHERE due_at <= @now
       AND (lease_until IS NULL OR lease_until < @now)
       AND (@kinds IS NULL OR kind IN (SELECT value FROM json_each(@kinds)))
     ORDER BY due_at
     LIMIT @limit`,
  );
  const lease = db.prepare<[string, number, string]>('UPDATE work SET owner = ?, lease_until = ? WHERE id = ?');

  const claim = db.transaction((request: ClaimWorkRequest): WorkItem[] => {
    const rows = selectClaimable.all({
      now: request.now,
      kinds: request.kinds === undefined ? null : JSON.stringify(request.kinds),
      limit: request.limit,
    });
    return rows.map((row) => {
      lease.run(request.owner, request.leaseUntil, row.id);
      return { ...toWorkItem(row), owner: request.owner, leaseUntil: request.leaseUntil };
    });
  });

  return (request) => {
    if (request.limit <= 0 || request.kinds?.length === 0) return [];
    return claim.immediate(request);
  };
}
