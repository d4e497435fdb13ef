import type { Tag } from '../store/registry-port.js';
import type { PostgresSession } from './postgres-database.js';
import { quoteSchema } from './postgres-schema-name.js';

export interface PostgresTags {
  /** Adds or overwrites, in one statement (a key given twice keeps its last value). */
  tag(resourceArn: string, tags: readonly Tag[]): Promise<void>;
  untag(resourceArn: string, keys: readonly string[]): Promise<void>;
  /** Ordered by key (byte order: the column's "C" collation). */
  list(resourceArn: string): Promise<Tag[]>;
}

export function createPostgresTags(session: PostgresSession, schema: string): PostgresTags {
  const tags = `${quoteSchema(schema)}.tags`;
  const upsert = `INSERT INTO ${tags} (resource_arn, key, value)
    SELECT $1, key, value FROM unnest($2::text[], $3::text[]) AS given (key, value)
    ON CONFLICT (resource_arn, key) DO UPDATE SET value = excluded.value`;
  const deleteKeys = `DELETE FROM ${tags} WHERE resource_arn = $1 AND key = ANY($2::text[])`;
  const select = `SELECT key, value FROM ${tags} WHERE resource_arn = $1 ORDER BY key`;

  return {
    async tag(resourceArn, given) {
      if (given.length === 0) return;
      // ON CONFLICT cannot update one row twice in a statement: keep each key's last value.
      const byKey = new Map(given.map((tag) => [tag.key, tag.value]));
      await session.run(upsert, [resourceArn, [...byKey.keys()], [...byKey.values()]]);
    },
    async untag(resourceArn, keys) {
      if (keys.length > 0) await session.run(deleteKeys, [resourceArn, keys]);
    },
    async list(resourceArn) {
      const { rows } = await session.run<Tag>(select, [resourceArn]);
      return rows.map((row) => ({ key: row.key, value: row.value }));
    },
  };
}
