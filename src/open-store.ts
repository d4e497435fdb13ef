import { existsSync } from 'node:fs';
import { UnwindError } from './core/unwind-error.js';
import { openPostgresStore } from './postgres/postgres-store.js';
import { openSqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store/store-port.js';

const POSTGRES_URL = /^postgres(ql)?:\/\//i;

export function isPostgresUrl(db: string): boolean {
  return POSTGRES_URL.test(db);
}

/**
 * Opens and migrates the store a `--db` value names: a `postgres://` URL (an optional
 * `schema` query parameter picks the schema, default `unwind`) or a SQLite file path.
 * `mustExist` refuses to create a new SQLite file (for commands that only inspect or resume).
 */
export async function openStore(db: string, mustExist = false): Promise<Store> {
  if (isPostgresUrl(db)) {
    const url = new URL(db);
    const schema = url.searchParams.get('schema') ?? undefined;
    url.searchParams.delete('schema');
    const store = await openPostgresStore({ connectionString: url.toString(), ...(schema ? { schema } : {}) });
    await store.migrate();
    return store;
  }
  if (mustExist && !existsSync(db)) throw new UnwindError('UsageError', `No database at ${db}.`);
  const store = openSqliteStore({ file: db });
  await store.migrate();
  return store;
}
