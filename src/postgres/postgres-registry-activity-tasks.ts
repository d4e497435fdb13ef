import type { ActivityTaskRecord } from '../store/registry-port.js';
import type { PostgresSession } from './postgres-database.js';
import { activityTaskColumns, toActivityTaskRecord, type ActivityTaskRow } from '../store/registry-rows.js';
import { quoteSchema } from './postgres-schema-name.js';

export interface PostgresActivityTasks {
  /** Inserts the task; a second enqueue of the same token changes nothing. */
  enqueue(task: ActivityTaskRecord): Promise<void>;
  take(activityArn: string, workerName: string, now: number): Promise<ActivityTaskRecord | undefined>;
  delete(taskToken: string): Promise<boolean>;
  deleteOfExecution(executionArn: string): Promise<number>;
}

/** The take statement. Exported for the docs and plan checks. */
export function takeActivityTaskSql(schema: string): string {
  const tasks = `${quoteSchema(schema)}.activity_tasks`;
  return `UPDATE ${tasks} SET worker_name = $2, taken_at = $3
    WHERE task_token = (
      SELECT task_token FROM ${tasks}
      WHERE activity_arn = $1 AND taken_at IS NULL
      ORDER BY created_at, task_token
      LIMIT 1
      FOR UPDATE SKIP LOCKED
    )
    RETURNING ${activityTaskColumns}`;
}

/**
 * The activity task queue. `take` is one statement: FOR UPDATE SKIP LOCKED makes concurrent takers (any
 * process) lock different tasks without waiting for each other, and a task another taker marked and
 * committed meanwhile is re-checked against `taken_at IS NULL` and skipped. FIFO by `created_at`, ties
 * by token.
 */
export function createPostgresActivityTasks(session: PostgresSession, schema: string): PostgresActivityTasks {
  const tasks = `${quoteSchema(schema)}.activity_tasks`;
  const insert = `INSERT INTO ${tasks} (${activityTaskColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7)
    ON CONFLICT (task_token) DO NOTHING`;
  const take = takeActivityTaskSql(schema);
  const deleteByToken = `DELETE FROM ${tasks} WHERE task_token = $1`;
  const deleteByExecution = `DELETE FROM ${tasks} WHERE execution_arn = $1`;

  return {
    async enqueue(task) {
      await session.run(insert, [
        task.taskToken,
        task.activityArn,
        task.executionArn,
        task.input,
        task.createdAt,
        task.workerName,
        task.takenAt,
      ]);
    },
    async take(activityArn, workerName, now) {
      const { rows } = await session.run<ActivityTaskRow>(
        take,
        [activityArn, workerName, now],
        'unwind_take_activity_task',
      );
      return rows[0] === undefined ? undefined : toActivityTaskRecord(rows[0]);
    },
    async delete(taskToken) {
      const { rowCount } = await session.run(deleteByToken, [taskToken]);
      return (rowCount ?? 0) > 0;
    },
    async deleteOfExecution(executionArn) {
      const { rowCount } = await session.run(deleteByExecution, [executionArn]);
      return rowCount ?? 0;
    },
  };
}
