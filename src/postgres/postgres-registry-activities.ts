import type { ActivityRecord, PageQuery } from '../store/registry-port.js';
import type { PostgresDatabase } from './postgres-database.js';
import { activityColumns, rowsToRead, toActivityRecord, type ActivityRow } from '../store/registry-rows.js';
import { quoteSchema } from './postgres-schema-name.js';

export interface PostgresActivities {
  create(record: ActivityRecord): Promise<{ created: boolean; record: ActivityRecord }>;
  get(activityArn: string): Promise<ActivityRecord | undefined>;
  /** Deletes the activity with its queued tasks and its tags, in one transaction. */
  delete(activityArn: string): Promise<boolean>;
  list(query: PageQuery): Promise<ActivityRecord[]>;
}

/** A create that neither inserts nor finds the row raced a delete; it tries again this many times. */
const createAttempts = 5;

export function createPostgresActivities(database: PostgresDatabase, schema: string): PostgresActivities {
  const activities = `${quoteSchema(schema)}.activities`;
  const insert = `INSERT INTO ${activities} (${activityColumns}) VALUES ($1, $2, $3)
    ON CONFLICT (activity_arn) DO NOTHING
    RETURNING ${activityColumns}`;
  const select = `SELECT ${activityColumns} FROM ${activities} WHERE activity_arn = $1`;
  const deleteActivity = `DELETE FROM ${activities} WHERE activity_arn = $1`;
  const deleteTasksOf = `DELETE FROM ${quoteSchema(schema)}.activity_tasks WHERE activity_arn = $1`;
  const deleteTagsOf = `DELETE FROM ${quoteSchema(schema)}.tags WHERE resource_arn = $1`;
  const firstPage = `SELECT ${activityColumns} FROM ${activities} ORDER BY name, activity_arn LIMIT $1`;
  const pageAfter = `SELECT ${activityColumns} FROM ${activities} WHERE name > $1 ORDER BY name, activity_arn LIMIT $2`;

  const get = async (activityArn: string): Promise<ActivityRecord | undefined> => {
    const { rows } = await database.run<ActivityRow>(select, [activityArn]);
    return rows[0] === undefined ? undefined : toActivityRecord(rows[0]);
  };

  return {
    async create(record) {
      for (let attempt = 0; attempt < createAttempts; attempt += 1) {
        const values = [record.activityArn, record.name, record.creationDate];
        const { rows } = await database.run<ActivityRow>(insert, values);
        if (rows[0] !== undefined) return { created: true, record: toActivityRecord(rows[0]) };
        const existing = await get(record.activityArn);
        if (existing !== undefined) return { created: false, record: existing };
      }
      throw new Error(`activity ${record.activityArn} was deleted by others during each of ${createAttempts} creates`);
    },
    get,
    delete: (activityArn) =>
      database.transaction(async (session) => {
        const deleted = await session.run(deleteActivity, [activityArn]);
        if (deleted.rowCount === 0) return false;
        await session.run(deleteTasksOf, [activityArn]);
        await session.run(deleteTagsOf, [activityArn]);
        return true;
      }),
    async list(query) {
      const limit = rowsToRead(query);
      const { rows } =
        query.after === undefined
          ? await database.run<ActivityRow>(firstPage, [limit])
          : await database.run<ActivityRow>(pageAfter, [query.after, limit]);
      return rows.map(toActivityRecord);
    },
  };
}
