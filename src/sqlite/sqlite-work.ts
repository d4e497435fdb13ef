import type Database from 'better-sqlite3';

import type { WorkItem } from '../store/store-port.js';
import { toWorkItem, type WorkRow } from './sqlite-rows.js';

/**
 * Work items outside of claiming (see `sqlite-claim-work.ts`). A lease is held while
 * `lease_until >= now`; it is expired (claimable) when `lease_until < now` or absent.
 */
export interface SqliteWork {
  /** Inserts one item; an existing id violates the primary key. */
  insert(item: WorkItem): void;
  /** Deletes one item; a missing id is ignored. */
  delete(id: string): void;
  listForExecution(executionArn: string): WorkItem[];
  nextDueAt(now: number): number | undefined;
  countDue(now: number): number;
  renewLeases(owner: string, ids: readonly string[], leaseUntil: number): string[];
  releaseLeases(owners: readonly string[]): number;
}

export function prepareSqliteWork(db: Database.Database): SqliteWork {
  const insert = db.prepare<[string, string, string, number, string, string | null, number | null]>(
    'INSERT INTO work (id, execution_arn, kind, due_at, payload, owner, lease_until) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const deleteById = db.prepare<[string]>('DELETE FROM work WHERE id = ?');
  const selectForExecution = db.prepare<[string], WorkRow>(
    `SELECT id, execution_arn, kind, due_at, payload, owner, lease_until FROM work
     WHERE execution_arn = ? ORDER BY due_at, id`,
  );
  const selectNextDueAt = db.prepare<[number], { next_due_at: number | null }>(
    'SELECT MIN(due_at) AS next_due_at FROM work WHERE lease_until IS NULL OR lease_until < ?',
  );
  const countDue = db.prepare<[number, number], { due: number }>(
    'SELECT COUNT(*) AS due FROM work WHERE due_at <= ? AND (lease_until IS NULL OR lease_until < ?)',
  );
  const renewLease = db.prepare<[number, string, string]>('UPDATE work SET lease_until = ? WHERE id = ? AND owner = ?');
  const releaseOwner = db.prepare<[string]>('UPDATE work SET owner = NULL, lease_until = NULL WHERE owner = ?');

  const renewAll = db.transaction((owner: string, ids: readonly string[], leaseUntil: number): string[] =>
    ids.filter((id) => renewLease.run(leaseUntil, id, owner).changes > 0),
  );
  const releaseAll = db.transaction((owners: readonly string[]): number =>
    owners.reduce((released, owner) => released + releaseOwner.run(owner).changes, 0),
  );

  return {
    insert(item) {
      insert.run(item.id, item.executionArn, item.kind, item.dueAt, item.payload, item.owner, item.leaseUntil);
    },
    delete(id) {
      deleteById.run(id);
    },
    listForExecution(executionArn) {
      return selectForExecution.all(executionArn).map(toWorkItem);
    },
    nextDueAt(now) {
      return selectNextDueAt.get(now)?.next_due_at ?? undefined;
    },
    countDue(now) {
      return countDue.get(now, now)?.due ?? 0;
    },
    renewLeases(owner, ids, leaseUntil) {
      return ids.length === 0 ? [] : renewAll.immediate(owner, ids, leaseUntil);
    },
    releaseLeases(owners) {
      return owners.length === 0 ? 0 : releaseAll.immediate(owners);
    },
  };
}
