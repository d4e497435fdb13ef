import type Database from 'better-sqlite3';

import type { ActivityRecord, ActivityTaskRecord, PageQuery } from '../store/registry-port.js';
import {
  activityColumns,
  activityTaskColumns,
  rowsToRead,
  toActivityRecord,
  toActivityTaskRecord,
  type ActivityRow,
  type ActivityTaskRow,
} from '../store/registry-rows.js';

export interface SqliteActivities {
  create(record: ActivityRecord): { created: boolean; record: ActivityRecord };
  get(activityArn: string): ActivityRecord | undefined;
  /** Deletes the activity with its queued tasks and its tags, in one transaction. */
  delete(activityArn: string): boolean;
  list(query: PageQuery): ActivityRecord[];
}

export function prepareSqliteActivities(db: Database.Database): SqliteActivities {
  const insert = db.prepare<[ActivityRecord], ActivityRow>(
    `INSERT INTO activities (${activityColumns}) VALUES (@activityArn, @name, @creationDate)
     ON CONFLICT (activity_arn) DO NOTHING
     RETURNING ${activityColumns}`,
  );
  const select = db.prepare<[string], ActivityRow>(`SELECT ${activityColumns} FROM activities WHERE activity_arn = ?`);
  const deleteActivity = db.prepare<[string]>('DELETE FROM activities WHERE activity_arn = ?');
  const deleteTasksOf = db.prepare<[string]>('DELETE FROM activity_tasks WHERE activity_arn = ?');
  const deleteTagsOf = db.prepare<[string]>('DELETE FROM tags WHERE resource_arn = ?');
  const firstPage = db.prepare<[number], ActivityRow>(
    `SELECT ${activityColumns} FROM activities ORDER BY name, activity_arn LIMIT ?`,
  );
  const pageAfter = db.prepare<[string, number], ActivityRow>(
    `SELECT ${activityColumns} FROM activities WHERE name > ? ORDER BY name, activity_arn LIMIT ?`,
  );

  const create = db.transaction((record: ActivityRecord) => {
    const inserted = insert.get(record);
    if (inserted !== undefined) return { created: true, record: toActivityRecord(inserted) };
    const existing = select.get(record.activityArn);
    if (existing === undefined) throw new Error(`activity ${record.activityArn} neither inserted nor found`);
    return { created: false, record: toActivityRecord(existing) };
  });
  const remove = db.transaction((activityArn: string): boolean => {
    if (deleteActivity.run(activityArn).changes === 0) return false;
    deleteTasksOf.run(activityArn);
    deleteTagsOf.run(activityArn);
    return true;
  });

  return {
    create: (record) => create.immediate(record),
    get(activityArn) {
      const row = select.get(activityArn);
      return row === undefined ? undefined : toActivityRecord(row);
    },
    delete: (activityArn) => remove.immediate(activityArn),
    list(query) {
      const limit = rowsToRead(query);
      const rows = query.after === undefined ? firstPage.all(limit) : pageAfter.all(query.after, limit);
      return rows.map(toActivityRecord);
    },
  };
}

export interface SqliteActivityTasks {
  /** Inserts the task; a second enqueue of the same token changes nothing. */
  enqueue(task: ActivityTaskRecord): void;
  take(activityArn: string, workerName: string, now: number): ActivityTaskRecord | undefined;
  delete(taskToken: string): boolean;
  deleteOfExecution(executionArn: string): number;
}

/**
 * The activity task queue. `take` is one `UPDATE ... RETURNING` in an immediate transaction: the write
 * lock is held from the choice of the task to its marking, so connections of other processes sharing
 * the file wait (busy timeout) rather than take the same task. FIFO by `created_at`, ties by token.
 */
export function prepareSqliteActivityTasks(db: Database.Database): SqliteActivityTasks {
  const insert = db.prepare<[ActivityTaskRecord]>(
    `INSERT INTO activity_tasks (${activityTaskColumns})
     VALUES (@taskToken, @activityArn, @executionArn, @input, @createdAt, @workerName, @takenAt)
     ON CONFLICT (task_token) DO NOTHING`,
  );
  const takeOldest = db.prepare<[string, number, string], ActivityTaskRow>(
    `UPDATE activity_tasks SET worker_name = ?, taken_at = ?
     WHERE task_token = (
       SELECT task_token FROM activity_tasks
       WHERE activity_arn = ? AND taken_at IS NULL
       ORDER BY created_at, task_token
       LIMIT 1
     )
     RETURNING ${activityTaskColumns}`,
  );
  const deleteByToken = db.prepare<[string]>('DELETE FROM activity_tasks WHERE task_token = ?');
  const deleteByExecution = db.prepare<[string]>('DELETE FROM activity_tasks WHERE execution_arn = ?');

  const take = db.transaction((activityArn: string, workerName: string, now: number) => {
    const row = takeOldest.get(workerName, now, activityArn);
    return row === undefined ? undefined : toActivityTaskRecord(row);
  });

  return {
    enqueue(task) {
      insert.run(task);
    },
    take: (activityArn, workerName, now) => take.immediate(activityArn, workerName, now),
    delete: (taskToken) => deleteByToken.run(taskToken).changes > 0,
    deleteOfExecution: (executionArn) => deleteByExecution.run(executionArn).changes,
  };
}
