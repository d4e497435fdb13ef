import type Database from 'better-sqlite3';
import type { SqlBarrierOptions } from './barrier-options.js';
import { doubleQuoted, parseBarrierTableName } from './barrier-table-name.js';

/**
 * Creates the barrier table if it does not exist, in the participant's own SQLite database (the one its
 * business tables are in). The unique key (trans_type, gid, branch_id, op, barrier_id) is the barrier.
 */
export function ensureSqliteBarrierTable(db: Database.Database, options: SqlBarrierOptions = {}): void {
  const name = parseBarrierTableName(options.table);
  db.exec(`
    CREATE TABLE IF NOT EXISTS ${doubleQuoted(name)} (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      trans_type TEXT NOT NULL,
      gid TEXT NOT NULL,
      branch_id TEXT NOT NULL,
      op TEXT NOT NULL,
      barrier_id TEXT NOT NULL,
      reason TEXT NOT NULL,
      create_time TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
      UNIQUE (trans_type, gid, branch_id, op, barrier_id)
    )`);
}
