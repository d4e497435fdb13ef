import type { PostgresSession } from './postgres-database.js';
import { quoteSchema } from './postgres-schema-name.js';

/** loadSetting in one statement: insert unless present, then return what is stored. */
export function createPostgresSettings(session: PostgresSession, schema: string) {
  const settings = `${quoteSchema(schema)}.settings`;
  const upsert = `WITH inserted AS (
      INSERT INTO ${settings} (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING RETURNING value
    )
    SELECT value FROM inserted UNION ALL SELECT value FROM ${settings} WHERE key = $1 LIMIT 1`;
  return {
    async load(key: string, initial: string): Promise<string> {
      const { rows } = await session.run<{ value: string }>(upsert, [key, initial]);
      return rows[0]?.value ?? initial;
    },
  };
}
