import type Database from 'better-sqlite3';

import { sqliteMigrations, type SqliteMigration } from './migrations/index.js';

const createMigrationsTable = `
CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at INTEGER NOT NULL
)`;

/**
 * Applies the pending migrations in ascending version order, each in its own immediate
 * transaction together with its `schema_migrations` row. The applied check runs inside
 * that transaction, so two processes migrating the same file at once apply each version once.
 * Returns the versions applied by this call.
 */
export function applySqliteMigrations(
  db: Database.Database,
  migrations: readonly SqliteMigration[] = sqliteMigrations,
  now: () => number = Date.now,
): number[] {
  checkOrder(migrations);
  db.exec(createMigrationsTable);
  const isApplied = db.prepare<[number], { version: number }>(
    'SELECT version FROM schema_migrations WHERE version = ?',
  );
  const recordApplied = db.prepare<[number, string, number]>(
    'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
  );
  const applyOne = db.transaction((migration: SqliteMigration): boolean => {
    if (isApplied.get(migration.version) !== undefined) return false;
    db.exec(migration.sql);
    recordApplied.run(migration.version, migration.name, now());
    return true;
  });
  const applied: number[] = [];
  for (const migration of migrations) {
    if (applyOne.immediate(migration)) applied.push(migration.version);
  }
  return applied;
}

/** Versions recorded in `schema_migrations`, ascending. */
export function listAppliedSqliteMigrations(db: Database.Database): number[] {
  db.exec(createMigrationsTable);
  return db
    .prepare<[], { version: number }>('SELECT version FROM schema_migrations ORDER BY version')
    .all()
    .map((row) => row.version);
}

function checkOrder(migrations: readonly SqliteMigration[]): void {
  let previous = 0;
  for (const migration of migrations) {
    if (!Number.isInteger(migration.version) || migration.version <= previous) {
      throw new Error(
        `SQLite migrations must have ascending integer versions; got ${migration.version} after ${previous}`,
      );
    }
    previous = migration.version;
  }
}
