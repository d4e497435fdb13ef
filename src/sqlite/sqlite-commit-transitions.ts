import Database from 'better-sqlite3';

import type { CommitOutcome, TransitionCommit } from '../store/store-port.js';
import type { SqliteHistory } from './sqlite-history.js';
import type { SqliteWork } from './sqlite-work.js';

type CreateParameters = [
  executionArn: string,
  stateMachineArn: string,
  name: string,
  definitionId: string,
  status: string,
  snapshot: string,
  output: string | null,
  error: string | null,
  cause: string | null,
  startDate: number,
  stopDate: number | null,
  input: string,
  lastEventId: number,
];
type UpdateParameters = [
  status: string,
  snapshot: string,
  output: string | null,
  error: string | null,
  cause: string | null,
  stopDate: number | null,
  lastEventId: number,
  executionArn: string,
  expectedVersion: number,
  firstEventId: number,
];

/**
 * Group commit: every commit of a batch runs inside ONE `BEGIN IMMEDIATE` transaction (one fsync),
 * each commit inside its own SAVEPOINT. A commit whose version check fails, whose events do not come
 * after the execution's last recorded event (a duplicate), or that violates a key (existing ARN on
 * create, duplicate work id), is rolled back alone and reported as 'conflict'. Any other error rolls
 * back the whole batch and is rethrown.
 *
 * Statements per commit: 1 execution INSERT or UPDATE, 1 history INSERT (all the transition's events
 * in one row), one DELETE per consumed work id and one INSERT per new work item, plus SAVEPOINT/RELEASE.
 */
export function prepareSqliteCommitTransitions(
  db: Database.Database,
  history: SqliteHistory,
  work: SqliteWork,
): (commits: readonly TransitionCommit[]) => CommitOutcome[] {
  const createExecution = db.prepare<CreateParameters, { id: number }>(
    `INSERT INTO executions (execution_arn, state_machine_arn, name, definition_id, status, snapshot, output, error, cause,
       start_date, stop_date, input, last_event_id, version)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
     ON CONFLICT (execution_arn) DO NOTHING
     RETURNING id`,
  );
  const updateExecution = db.prepare<UpdateParameters, { id: number }>(
    `UPDATE executions
     SET status = ?, snapshot = ?, output = ?, error = ?, cause = ?, stop_date = ?,
       last_event_id = max(last_event_id, ?), version = version + 1
     WHERE execution_arn = ? AND version = ? AND last_event_id < ?
     RETURNING id`,
  );

  /** Writes the execution row; its id, or undefined when the version or event ids do not fit. */
  function writeExecution(commit: TransitionCommit): number | undefined {
    const { update, events } = commit;
    const firstEventId = events[0]?.id ?? Number.MAX_SAFE_INTEGER;
    const lastEventId = events[events.length - 1]?.id ?? 0;
    if (commit.create !== undefined) {
      const { create } = commit;
      return createExecution.get(
        commit.executionArn,
        create.stateMachineArn,
        create.name,
        create.definitionId,
        update.status,
        update.snapshot,
        update.output,
        update.error,
        update.cause,
        create.startDate,
        update.stopDate,
        create.input,
        lastEventId,
      )?.id;
    }
    const { status, snapshot, output, error, cause, stopDate } = update;
    const args: UpdateParameters = [
      status,
      snapshot,
      output,
      error,
      cause,
      stopDate,
      lastEventId,
      commit.executionArn,
      commit.expectedVersion,
      firstEventId,
    ];
    return updateExecution.get(...args)?.id;
  }

  // Nested inside the batch transaction, better-sqlite3 runs this as a SAVEPOINT and rolls back to it on throw.
  const applyCommit = db.transaction((commit: TransitionCommit): CommitOutcome => {
    if (!eventIdsIncrease(commit)) return 'conflict';
    const executionId = writeExecution(commit);
    if (executionId === undefined) return 'conflict';
    history.append(executionId, commit.events);
    for (const id of commit.deleteWorkIds) work.delete(id);
    for (const item of commit.insertWork) work.insert(item);
    return 'ok';
  });

  const applyBatch = db.transaction((commits: readonly TransitionCommit[]): CommitOutcome[] =>
    commits.map((commit) => {
      try {
        return applyCommit(commit);
      } catch (error) {
        if (isKeyViolation(error)) return 'conflict';
        throw error;
      }
    }),
  );

  return (commits) => {
    commits.forEach(checkCommit);
    return commits.length === 0 ? [] : applyBatch.immediate(commits);
  };
}

function isKeyViolation(error: unknown): boolean {
  return (
    error instanceof Database.SqliteError &&
    (error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || error.code === 'SQLITE_CONSTRAINT_UNIQUE')
  );
}

/** Event ids within one commit must be strictly increasing (a repeated id is a double recording). */
function eventIdsIncrease(commit: TransitionCommit): boolean {
  return commit.events.every((event, i) => i === 0 || event.id > (commit.events[i - 1]?.id ?? 0));
}

function checkCommit(commit: TransitionCommit): void {
  if ((commit.create !== undefined) !== (commit.expectedVersion === 0)) {
    throw new TypeError(
      `commit for ${commit.executionArn}: 'create' must be set exactly when expectedVersion is 0 (got ${commit.expectedVersion})`,
    );
  }
}
