import pg from 'pg';
import { afterEach, beforeEach, expect, it } from 'vitest';

import { postgresMigrations } from '../../src/postgres/migrations/index.js';
import { PostgresDatabase, postgresTypes } from '../../src/postgres/postgres-database.js';
import { applyPostgresMigrations, listAppliedPostgresMigrations } from '../../src/postgres/postgres-migrations.js';
import { runRegistryContract } from '../registry-contract.js';
import { describePostgres, postgresUrl, TestSchema } from './postgres-test-database.js';

// Each test in its own fresh schema, dropped afterwards; the peer is a second store (pool) on it.
describePostgres('PostgreSQL registry', () => {
  runRegistryContract('postgres', async () => {
    const schema = new TestSchema();
    const store = await schema.open();
    return { store, openPeer: () => schema.open(), cleanup: () => schema.cleanup() };
  });
});

describePostgres('PostgreSQL registry migration', () => {
  let schema: TestSchema;

  beforeEach(() => {
    schema = new TestSchema();
  });

  afterEach(async () => {
    await schema.cleanup();
  });

  it('adds the registry to a schema migrated before it, keeping its data', async () => {
    const pool = new pg.Pool({ connectionString: postgresUrl, max: 1, types: postgresTypes });
    const database = new PostgresDatabase(pool);
    const earlier = postgresMigrations.filter((migration) => migration.version < registryVersion);
    try {
      expect(await applyPostgresMigrations(database, schema.schema, earlier)).toEqual(earlier.map((m) => m.version));
      await database.run(`INSERT INTO "${schema.schema}".settings (key, value) VALUES ('secret', 'kept')`);

      const store = await schema.open();
      await store.migrate();
      await store.migrate();
      expect(await listAppliedPostgresMigrations(database, schema.schema)).toEqual(
        postgresMigrations.map((migration) => migration.version),
      );
      expect(await store.loadSetting('secret', 'new')).toBe('kept');
      await store.registry.createActivity({ activityArn: 'arn:a', name: 'a', creationDate: 1 });
      expect(await store.registry.getActivity('arn:a')).toEqual({ activityArn: 'arn:a', name: 'a', creationDate: 1 });
    } finally {
      await pool.end();
    }
  });
});

const registryVersion = 3;
