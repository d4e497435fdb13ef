import { randomBytes } from 'node:crypto';

import pg from 'pg';
import { describe } from 'vitest';

import { openPostgresStore, type PostgresStore, type PostgresStoreOptions } from '../../src/postgres/postgres-store.js';

/** The test database; `UNWIND_TEST_POSTGRES_URL` overrides it. */
export const postgresUrl = process.env['UNWIND_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Why PostgreSQL cannot be used, or undefined when it answers. */
async function probe(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 3_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const unreachable = await probe();
if (unreachable !== undefined && process.env['CI'] === 'true') {
  throw new Error(`PostgreSQL is required in CI but ${postgresUrl} is unreachable: ${unreachable}`);
}
if (unreachable !== undefined) {
  console.warn(`\n⚠ PostgreSQL tests SKIPPED: ${postgresUrl} is unreachable (${unreachable}).\n`);
}

export const postgresReachable = unreachable === undefined;

/** `describe` when PostgreSQL answers, `describe.skip` (with the warning above) when it does not. */
export function describePostgres(name: string, body: () => void): void {
  if (postgresReachable) describe(name, body);
  else describe.skip(name, body);
}

export function freshSchemaName(): string {
  return `unwind_test_${randomBytes(6).toString('hex')}`;
}

/** Runs `work` on a plain client of the test database (not a store's pool). */
export async function withAdminClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresUrl });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function dropSchema(schema: string): Promise<void> {
  await withAdminClient((client) => client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
}

/** Stores opened through `open`, in one fresh schema; `cleanup` closes them and drops the schema. */
export class TestSchema {
  readonly schema = freshSchemaName();
  private readonly stores: PostgresStore[] = [];

  async open(options: Partial<PostgresStoreOptions> = {}): Promise<PostgresStore> {
    const store = await openPostgresStore({
      connectionString: postgresUrl,
      schema: this.schema,
      poolSize: 4,
      ...options,
    });
    this.stores.push(store);
    return store;
  }

  async cleanup(): Promise<void> {
    for (const store of this.stores.splice(0)) await store.close().catch(() => undefined);
    await dropSchema(this.schema);
  }
}
