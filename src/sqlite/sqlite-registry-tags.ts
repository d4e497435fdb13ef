import type Database from 'better-sqlite3';

import type { Tag } from '../store/registry-port.js';

export interface SqliteTags {
  /** Adds or overwrites, in one transaction (a key given twice keeps its last value). */
  tag(resourceArn: string, tags: readonly Tag[]): void;
  untag(resourceArn: string, keys: readonly string[]): void;
  /** Ordered by key (byte order). */
  list(resourceArn: string): Tag[];
}

export function prepareSqliteTags(db: Database.Database): SqliteTags {
  const upsert = db.prepare<[string, string, string]>(
    `INSERT INTO tags (resource_arn, key, value) VALUES (?, ?, ?)
     ON CONFLICT (resource_arn, key) DO UPDATE SET value = excluded.value`,
  );
  const deleteKey = db.prepare<[string, string]>('DELETE FROM tags WHERE resource_arn = ? AND key = ?');
  const select = db.prepare<[string], Tag>('SELECT key, value FROM tags WHERE resource_arn = ? ORDER BY key');

  const tagAll = db.transaction((resourceArn: string, tags: readonly Tag[]) => {
    for (const tag of tags) upsert.run(resourceArn, tag.key, tag.value);
  });
  const untagAll = db.transaction((resourceArn: string, keys: readonly string[]) => {
    for (const key of keys) deleteKey.run(resourceArn, key);
  });

  return {
    tag(resourceArn, tags) {
      if (tags.length > 0) tagAll.immediate(resourceArn, tags);
    },
    untag(resourceArn, keys) {
      if (keys.length > 0) untagAll.immediate(resourceArn, keys);
    },
    list: (resourceArn) => select.all(resourceArn).map((row) => ({ key: row.key, value: row.value })),
  };
}
