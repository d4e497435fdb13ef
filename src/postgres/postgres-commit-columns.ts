import type { TransitionCommit } from '../store/store-port.js';
import { toHistoryColumns } from './postgres-history.js';

/**
 * A batch of commits as column arrays, one array per column, for `unnest($1::text[], ...)`: a whole
 * batch of rows travels as a fixed number of parameters, and one INSERT writes them all.
 * Every row starts with the ARN of the commit it belongs to, so that a statement can keep the rows
 * of applied commits only.
 */

/** execution_arn, expected_version, state_machine_arn, name, definition_id, input, start_date,
 * status, snapshot, output, error, cause, stop_date (create fields are null for updates). */
export function executionColumnsOf(commits: readonly TransitionCommit[]): unknown[][] {
  const columns: unknown[][] = Array.from({ length: 13 }, () => []);
  for (const commit of commits) {
    const { create, update } = commit;
    const row = [
      commit.executionArn,
      commit.expectedVersion,
      create?.stateMachineArn ?? null,
      create?.name ?? null,
      create?.definitionId ?? null,
      create?.input ?? null,
      create?.startDate ?? null,
      update.status,
      update.snapshot,
      update.output,
      update.error,
      update.cause,
      update.stopDate,
    ];
    row.forEach((value, i) => columns[i]!.push(value));
  }
  return columns;
}

/** execution_arn, event_id, previous_event_id, timestamp, type, details (JSON text). */
export function historyColumnsOf(commits: readonly TransitionCommit[]): unknown[][] {
  const columns: unknown[][] = Array.from({ length: 6 }, () => []);
  for (const commit of commits) {
    for (const event of commit.events) {
      const { eventId, previousEventId, timestamp, type, details } = toHistoryColumns(event);
      [commit.executionArn, eventId, previousEventId, timestamp, type, details].forEach((value, i) =>
        columns[i]!.push(value),
      );
    }
  }
  return columns;
}

/** commit_arn, id of each consumed work item. */
export function deletedWorkColumnsOf(commits: readonly TransitionCommit[]): unknown[][] {
  const commitArns: string[] = [];
  const ids: string[] = [];
  for (const commit of commits) {
    for (const id of commit.deleteWorkIds) {
      commitArns.push(commit.executionArn);
      ids.push(id);
    }
  }
  return [commitArns, ids];
}

/** commit_arn, id, execution_arn, kind, due_at, payload, owner, lease_until. */
export function insertedWorkColumnsOf(commits: readonly TransitionCommit[]): unknown[][] {
  const columns: unknown[][] = Array.from({ length: 8 }, () => []);
  for (const commit of commits) {
    for (const item of commit.insertWork) {
      const row = [commit.executionArn, item.id, item.executionArn, item.kind, item.dueAt, item.payload];
      [...row, item.owner, item.leaseUntil].forEach((value, i) => columns[i]!.push(value));
    }
  }
  return columns;
}

/** The earliest dueAt among the new items nobody holds a lease on: what a NOTIFY announces. */
export function earliestUnleasedDueAt(commits: readonly TransitionCommit[]): number | undefined {
  let earliest: number | undefined;
  for (const commit of commits) {
    for (const item of commit.insertWork) {
      if (item.owner === null && (earliest === undefined || item.dueAt < earliest)) earliest = item.dueAt;
    }
  }
  return earliest;
}
