import type { PostgresDatabase, PostgresSession } from './postgres-database.js';
import { postgresMigrations, type PostgresMigration } from './migrations/index.js';
import { migrationLockKeyOf, quoteSchema } from './postgres-schema-name.js';

const createMigrationsTable = `
CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at BIGINT NOT NULL
)`;

/**
 * Applies the pending migrations of `schema`, each in its own transaction that first takes a
 * transaction-level advisory lock keyed by the schema: processes starting at once wait for each
 * other, and each version is applied exactly once. The schema itself is created when missing.
 * Returns the versions applied by this call.
 */
export async function applyPostgresMigrations(
  database: PostgresDatabase,
  schema: string,
  migrations: readonly PostgresMigration[] = postgresMigrations,
  now: () => number = Date.now,
): Promise<number[]> {
  checkOrder(migrations);
  const applied: number[] = [];
  for (const migration of migrations) {
    const didApply = await database.transaction(async (session) => {
      await lockSchema(session, schema);
      if (await isApplied(session, migration.version)) return false;
      await session.run(migration.sql);
      await session.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        now(),
      ]);
      return true;
    });
    if (didApply) applied.push(migration.version);
  }
  return applied;
}

/** Versions recorded in `<schema>.schema_migrations`, ascending (empty when none). */
export async function listAppliedPostgresMigrations(database: PostgresDatabase, schema: string): Promise<number[]> {
  const exists = await database.run<{ present: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS present`, [
    `${quoteSchema(schema)}.schema_migrations`,
  ]);
  if (exists.rows[0]?.present !== true) return [];
  const result = await database.run<{ version: number }>(
    `SELECT version FROM ${quoteSchema(schema)}.schema_migrations ORDER BY version`,
  );
  return result.rows.map((row) => row.version);
}

/** Serialises migrators of this schema, creates it when missing, and points the transaction at it. */
async function lockSchema(session: PostgresSession, schema: string): Promise<void> {
  await session.run('SELECT pg_advisory_xact_lock($1::bigint)', [migrationLockKeyOf(schema)]);
  // Checked first: CREATE SCHEMA IF NOT EXISTS needs the CREATE privilege even when the schema exists.
  const existing = await session.run('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
  if (existing.rowCount === 0) await session.run(`CREATE SCHEMA ${quoteSchema(schema)}`);
  await session.run(`SET LOCAL search_path TO ${quoteSchema(schema)}`);
  await session.run(createMigrationsTable);
}

async function isApplied(session: PostgresSession, version: number): Promise<boolean> {
  const result = await session.run('SELECT 1 FROM schema_migrations WHERE version = $1', [version]);
  return result.rowCount !== null && result.rowCount > 0;
}

function checkOrder(migrations: readonly PostgresMigration[]): void {
  let previous = 0;
  for (const migration of migrations) {
    if (!Number.isInteger(migration.version) || migration.version <= previous) {
      throw new Error(
        `PostgreSQL migrations must have ascending integer versions; got ${migration.version} after ${previous}`,
      );
    }
    previous = migration.version;
  }
}
