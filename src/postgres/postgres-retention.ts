import type { PostgresSession } from './postgres-database.js';
import { quoteSchema } from './postgres-schema-name.js';

/**
 * Deletes up to `limit` finished executions stopped before `stoppedBefore` (oldest first), with their
 * history and work, in ONE statement (so one implicit transaction). The candidates are chosen through
 * the partial index `executions_finished_by_stop_date`; rows another transaction holds are skipped
 * (they are picked up by a later call) instead of waited for. The ARNs go to the deletes as one array,
 * so each delete is an index lookup (history by its primary key, work by `work_by_execution`)
 * whatever the planner estimates for the candidates.
 */
export function createPostgresRetention(
  session: PostgresSession,
  schema: string,
): (stoppedBefore: number, limit: number) => Promise<number> {
  const s = quoteSchema(schema);
  const deleteFinished = `WITH doomed AS (
      SELECT execution_arn FROM ${s}.executions
      WHERE status <> 'RUNNING' AND stop_date < $1
      ORDER BY stop_date
      LIMIT $2
      FOR UPDATE SKIP LOCKED
    ),
    doomed_arns AS (SELECT ARRAY(SELECT execution_arn FROM doomed) AS arns),
    deleted_history AS (
      DELETE FROM ${s}.history WHERE execution_arn = ANY((SELECT arns FROM doomed_arns)::text[])
    ),
    deleted_work AS (DELETE FROM ${s}.work WHERE execution_arn = ANY((SELECT arns FROM doomed_arns)::text[])),
    deleted_executions AS (
      DELETE FROM ${s}.executions WHERE execution_arn = ANY((SELECT arns FROM doomed_arns)::text[]) RETURNING 1
    )
    SELECT count(*) AS deleted FROM deleted_executions`;
  return async (stoppedBefore, limit) => {
    if (limit <= 0) return 0;
    const result = await session.run<{ deleted: number }>(deleteFinished, [stoppedBefore, limit]);
    return result.rows[0]?.deleted ?? 0;
  };
}
