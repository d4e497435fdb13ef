import type { CommitOutcome, TransitionCommit } from '../store/store-port.js';
import type { PostgresSession } from './postgres-database.js';
import { earliestUnleasedDueAt, historyColumnsOf, insertedWorkColumnsOf } from './postgres-commit-columns.js';
import { quoteSchema } from './postgres-schema-name.js';

export interface SavepointCommitSql {
  updateExecution: string;
  createExecution: string;
  insertHistory: string;
  deleteWork: string;
  insertWork: string;
}

/** One statement per table write, each for one commit (the same column arrays as the batch statement). */
export function savepointCommitSql(schema: string): SavepointCommitSql {
  const s = quoteSchema(schema);
  return {
    updateExecution: `UPDATE ${s}.executions
      SET status = $3, snapshot = $4, output = $5, error = $6, cause = $7, stop_date = $8, version = version + 1
      WHERE execution_arn = $1 AND version = $2`,
    createExecution: `INSERT INTO ${s}.executions (execution_arn, status, snapshot, output, error, cause, stop_date,
        state_machine_arn, name, definition_id, input, start_date, version)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1)
      ON CONFLICT (execution_arn) DO NOTHING`,
    insertHistory: `INSERT INTO ${s}.history (execution_arn, event_id, previous_event_id, timestamp, type, details)
      SELECT * FROM unnest($1::text[], $2::int[], $3::int[], $4::bigint[], $5::text[], $6::text[])`,
    deleteWork: `DELETE FROM ${s}.work WHERE id = ANY($1::text[])`,
    insertWork: `INSERT INTO ${s}.work (id, execution_arn, kind, due_at, payload, owner, lease_until)
      SELECT i.id, i.execution_arn, i.kind, i.due_at, i.payload, i.owner, i.lease_until
      FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[], $8::bigint[])
        AS i(commit_arn, id, execution_arn, kind, due_at, payload, owner, lease_until)`,
  };
}

/**
 * The general path, inside the caller's transaction: the commits one after the other, each in its own
 * SAVEPOINT. A commit whose version check fails, or that violates a primary key (existing ARN on
 * create, event id or work id already there), is rolled back alone and reported as 'conflict'; any
 * other error propagates and rolls the whole batch back. Sends one NOTIFY for the applied work.
 */
export async function commitWithSavepoints(
  session: PostgresSession,
  sql: SavepointCommitSql,
  channel: string,
  commits: readonly TransitionCommit[],
): Promise<CommitOutcome[]> {
  const outcomes: CommitOutcome[] = [];
  for (const commit of commits) outcomes.push(await applyInSavepoint(session, sql, commit));
  const dueAt = earliestUnleasedDueAt(commits.filter((_, i) => outcomes[i] === 'ok'));
  if (dueAt !== undefined) await session.run('SELECT pg_notify($1, $2)', [channel, String(dueAt)]);
  return outcomes;
}

async function applyInSavepoint(
  session: PostgresSession,
  sql: SavepointCommitSql,
  commit: TransitionCommit,
): Promise<CommitOutcome> {
  await session.run('SAVEPOINT unwind_commit');
  try {
    const outcome = (await writeExecution(session, sql, commit)) ? 'ok' : 'conflict';
    if (outcome === 'ok') await writeHistoryAndWork(session, sql, commit);
    await session.run('RELEASE SAVEPOINT unwind_commit');
    return outcome;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    await session.run('ROLLBACK TO SAVEPOINT unwind_commit');
    await session.run('RELEASE SAVEPOINT unwind_commit');
    return 'conflict';
  }
}

/** Writes the execution row; false when its version is not the expected one (or it exists, on create). */
async function writeExecution(
  session: PostgresSession,
  sql: SavepointCommitSql,
  commit: TransitionCommit,
): Promise<boolean> {
  const { executionArn, create, update } = commit;
  const fields = [update.status, update.snapshot, update.output, update.error, update.cause, update.stopDate];
  const result =
    create === undefined
      ? await session.run(sql.updateExecution, [executionArn, commit.expectedVersion, ...fields])
      : await session.run(sql.createExecution, [
          executionArn,
          ...fields,
          create.stateMachineArn,
          create.name,
          create.definitionId,
          create.input,
          create.startDate,
        ]);
  return result.rowCount === 1;
}

async function writeHistoryAndWork(
  session: PostgresSession,
  sql: SavepointCommitSql,
  commit: TransitionCommit,
): Promise<void> {
  if (commit.events.length > 0) await session.run(sql.insertHistory, historyColumnsOf([commit]));
  if (commit.deleteWorkIds.length > 0) await session.run(sql.deleteWork, [commit.deleteWorkIds]);
  if (commit.insertWork.length > 0) await session.run(sql.insertWork, insertedWorkColumnsOf([commit]));
}

/** 23505: a primary key already holds the value (existing ARN, event id or work id). */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === '23505';
}
