import type { CommitOutcome, TransitionCommit } from '../store/store-port.js';
import type { PostgresSession } from './postgres-database.js';
import {
  deletedWorkColumnsOf,
  executionColumnsOf,
  historyColumnsOf,
  insertedWorkColumnsOf,
} from './postgres-commit-columns.js';
import { quoteSchema } from './postgres-schema-name.js';

/**
 * A whole batch in ONE statement (one round trip, one implicit transaction). Each commit's execution
 * write decides whether the commit applies: the UPDATE matches only at the expected version, the
 * INSERT of a create does nothing when the ARN exists. History and work rows are then written only
 * for the applied commits (`applied`), and the final SELECT reports them and sends the NOTIFY, which
 * PostgreSQL delivers at commit.
 *
 * Valid only for batches where applying the commits one after the other cannot differ from applying
 * them at once; see `canCommitInOneStatement`. A unique violation (an event id or work id that is
 * already stored) fails the statement, which then wrote nothing: the caller falls back to savepoints.
 */
export function commitStatementSql(schema: string): string {
  const s = quoteSchema(schema);
  return `WITH ${executionCtes(s)},
${historyAndWorkCtes(s)}
SELECT ARRAY(SELECT execution_arn FROM applied) AS applied,
  (SELECT pg_notify($30, min(due_at)::text) FROM inserted_work WHERE owner IS NULL HAVING count(*) > 0) AS notified`;
}

/**
 * The commits as rows, their execution writes, and `applied`: the ARNs whose write matched.
 *
 * `locked` takes the row locks of the batch's executions first, in ARN order, before anything else is
 * written (history and work rows are written only for applied executions, so after their lock). Two
 * batches that touch the same execution (two Parallel branches finishing in two processes) then queue
 * on its row instead of each holding a row the other wants: without it, PostgreSQL found deadlocks
 * between batches and aborted one after deadlock_timeout.
 */
function executionCtes(s: string): string {
  return `commits AS (
  SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[],
      $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::bigint[])
    AS c(execution_arn, expected_version, state_machine_arn, name, definition_id, input, start_date,
      status, snapshot, output, error, cause, stop_date)
),
locked AS MATERIALIZED (
  SELECT execution_arn FROM ${s}.executions WHERE execution_arn = ANY($1::text[])
  ORDER BY execution_arn COLLATE "C" FOR UPDATE
),
updated AS (
  UPDATE ${s}.executions e
  SET status = c.status, snapshot = c.snapshot, output = c.output, error = c.error, cause = c.cause,
    stop_date = c.stop_date, version = e.version + 1
  FROM commits c
  WHERE c.expected_version > 0 AND e.execution_arn = c.execution_arn AND e.version = c.expected_version
    AND e.execution_arn IN (SELECT execution_arn FROM locked)
  RETURNING e.execution_arn
),
created AS (
  INSERT INTO ${s}.executions (execution_arn, state_machine_arn, name, definition_id, status, input, output,
    error, cause, start_date, stop_date, snapshot, version)
  SELECT c.execution_arn, c.state_machine_arn, c.name, c.definition_id, c.status, c.input, c.output,
    c.error, c.cause, c.start_date, c.stop_date, c.snapshot, 1
  FROM commits c WHERE c.expected_version = 0
  ON CONFLICT (execution_arn) DO NOTHING
  RETURNING execution_arn
),
applied AS (SELECT execution_arn FROM updated UNION ALL SELECT execution_arn FROM created)`;
}

/** History and work rows, kept for applied commits only. */
function historyAndWorkCtes(s: string): string {
  return `inserted_history AS (
  INSERT INTO ${s}.history (execution_arn, event_id, previous_event_id, timestamp, type, details)
  SELECT h.execution_arn, h.event_id, h.previous_event_id, h.event_timestamp, h.type, h.details
  FROM unnest($14::text[], $15::int[], $16::int[], $17::bigint[], $18::text[], $19::text[])
    AS h(execution_arn, event_id, previous_event_id, event_timestamp, type, details)
  WHERE h.execution_arn IN (SELECT execution_arn FROM applied)
),
deleted_work AS (
  DELETE FROM ${s}.work w
  USING unnest($20::text[], $21::text[]) AS d(commit_arn, id)
  WHERE w.id = d.id AND d.commit_arn IN (SELECT execution_arn FROM applied)
),
inserted_work AS (
  INSERT INTO ${s}.work (id, execution_arn, kind, due_at, payload, owner, lease_until)
  SELECT i.id, i.execution_arn, i.kind, i.due_at, i.payload, i.owner, i.lease_until
  FROM unnest($22::text[], $23::text[], $24::text[], $25::text[], $26::bigint[], $27::text[], $28::text[],
      $29::bigint[])
    AS i(commit_arn, id, execution_arn, kind, due_at, payload, owner, lease_until)
  WHERE i.commit_arn IN (SELECT execution_arn FROM applied)
  RETURNING due_at, owner
)`;
}

/**
 * True when applying the commits at once equals applying them in order: every execution appears once
 * (a second commit of the same execution must see the first one's version), event ids are distinct
 * within each commit, and no work id is inserted twice or both inserted and deleted in the batch.
 */
export function canCommitInOneStatement(commits: readonly TransitionCommit[]): boolean {
  const executionArns = new Set<string>();
  const insertedIds = new Set<string>();
  const deletedIds = new Set<string>();
  for (const commit of commits) {
    if (executionArns.has(commit.executionArn)) return false;
    executionArns.add(commit.executionArn);
    if (new Set(commit.events.map((event) => event.id)).size !== commit.events.length) return false;
    for (const item of commit.insertWork) {
      if (insertedIds.has(item.id)) return false;
      insertedIds.add(item.id);
    }
    for (const id of commit.deleteWorkIds) deletedIds.add(id);
  }
  return [...insertedIds].every((id) => !deletedIds.has(id));
}

export async function commitInOneStatement(
  session: PostgresSession,
  sql: string,
  channel: string,
  commits: readonly TransitionCommit[],
): Promise<CommitOutcome[]> {
  const values = [
    ...executionColumnsOf(commits),
    ...historyColumnsOf(commits),
    ...deletedWorkColumnsOf(commits),
    ...insertedWorkColumnsOf(commits),
    channel,
  ];
  const result = await session.run<{ applied: string[] }>(sql, values, 'unwind_commit_transitions');
  const applied = new Set(result.rows[0]?.applied ?? []);
  return commits.map((commit) => (applied.has(commit.executionArn) ? 'ok' : 'conflict'));
}
