import type Database from 'better-sqlite3';

/**
 * Retention: deletes up to `limit` finished executions stopped before `stoppedBefore` (oldest
 * first), with their history and work, in one immediate transaction. The candidates come from the
 * partial index `executions_finished_by_stop_date` (migration 0002); history goes by `history_by_execution`
 * and work by `work_by_execution`. Returns how many executions were deleted.
 */
export function prepareSqliteRetention(db: Database.Database): (stoppedBefore: number, limit: number) => number {
  const selectFinished = db.prepare<[number, number], { id: number; execution_arn: string }>(
    `SELECT id, execution_arn FROM executions
     WHERE status <> 'RUNNING' AND stop_date < ?
     ORDER BY stop_date
     LIMIT ?`,
  );
  const deleteHistory = db.prepare<[number]>('DELETE FROM history WHERE execution_id = ?');
  const deleteWork = db.prepare<[string]>('DELETE FROM work WHERE execution_arn = ?');
  const deleteExecution = db.prepare<[string]>('DELETE FROM executions WHERE execution_arn = ?');

  const deleteFinished = db.transaction((stoppedBefore: number, limit: number): number => {
    const executions = selectFinished.all(stoppedBefore, limit);
    for (const execution of executions) {
      deleteHistory.run(execution.id);
      deleteWork.run(execution.execution_arn);
      deleteExecution.run(execution.execution_arn);
    }
    return executions.length;
  });

  return (stoppedBefore, limit) => (limit <= 0 ? 0 : deleteFinished.immediate(stoppedBefore, limit));
}
