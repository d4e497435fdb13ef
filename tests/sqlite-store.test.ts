import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { sqliteMigrations } from '../src/sqlite/migrations/index.js';
import { applySqliteMigrations, listAppliedSqliteMigrations } from '../src/sqlite/sqlite-migrations.js';
import { openSqliteStore, type SqliteStore } from '../src/sqlite/sqlite-store.js';
import type { TransitionCommit } from '../src/store/store-port.js';
import { runStoreContract } from './store-contract.js';

function makeTempDirectory(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'unwind-'));
}

runStoreContract('sqlite', () => {
  const directory = makeTempDirectory();
  const store = openSqliteStore({ file: path.join(directory, 'unwind.db') });
  const cleanup = async (): Promise<void> => {
    await store.close();
    fs.rmSync(directory, { recursive: true, force: true });
  };
  return Promise.resolve({ store, cleanup });
});

describe('SQLite store specifics', () => {
  let directory: string;
  let file: string;
  const opened: SqliteStore[] = [];

  async function open(options: Partial<Parameters<typeof openSqliteStore>[0]> = {}): Promise<SqliteStore> {
    const store = openSqliteStore({ file, ...options });
    opened.push(store);
    await store.migrate();
    return store;
  }

  beforeEach(() => {
    directory = makeTempDirectory();
    file = path.join(directory, 'unwind.db');
  });

  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close().catch(() => undefined);
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it('runs in WAL mode with synchronous=FULL and the busy timeout by default', async () => {
    const store = await open();
    expect(store.file).toBe(file);
    expect(store.readSettings()).toEqual({ journalMode: 'wal', synchronous: 2, busyTimeoutMs: 5000 });
    const reader = new Database(file, { readonly: true });
    try {
      expect(reader.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      reader.close();
    }
  });

  it('applies the requested synchronous mode and busy timeout', async () => {
    const store = await open({ synchronous: 'NORMAL', busyTimeoutMs: 250 });
    expect(store.readSettings()).toEqual({ journalMode: 'wal', synchronous: 1, busyTimeoutMs: 250 });
    expect(() => openSqliteStore({ file, busyTimeoutMs: -1 })).toThrow(TypeError);
  });

  it('keeps committed data across close and reopen', async () => {
    const first = await open();
    expect(await first.commitTransitions([createCommit('trip-1')])).toEqual(['ok']);
    await first.saveDefinition({ id: 'sha-trip', stateMachineArn, text: '{"StartAt":"A"}', createdAt: 1 });
    await first.close();

    const second = await open();
    expect(await second.getExecution(executionArnOf('trip-1'))).toMatchObject({ version: 1, status: 'RUNNING' });
    expect(await second.getHistory(executionArnOf('trip-1'))).toHaveLength(2);
    expect((await second.listWork(executionArnOf('trip-1'))).map((w) => w.id)).toEqual(['work-trip-1']);
    expect(await second.getDefinition('sha-trip')).toMatchObject({ text: '{"StartAt":"A"}' });
  });

  it('records applied migrations once', async () => {
    const store = await open();
    await store.migrate();
    await store.close();
    const db = new Database(file);
    try {
      expect(listAppliedSqliteMigrations(db)).toEqual(sqliteMigrations.map((m) => m.version));
      const rows = db.prepare('SELECT version, name FROM schema_migrations').all();
      expect(rows).toEqual(sqliteMigrations.map(({ version, name }) => ({ version, name })));
      expect(applySqliteMigrations(db)).toEqual([]);
      const tables = db
        .prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .all()
        .map((row) => row.name);
      expect(tables).toEqual([
        'activities',
        'activity_tasks',
        'definitions',
        'engines',
        'executions',
        'history',
        'schema_migrations',
        'settings',
        'state_machine_versions',
        'state_machines',
        'tags',
        'work',
      ]);
    } finally {
      db.close();
    }
  });

  it('applies a later migration after earlier ones and rejects unordered lists', () => {
    const db = new Database(file);
    try {
      const later = { version: nextVersion, name: 'add-note', sql: 'ALTER TABLE engines ADD COLUMN note TEXT' };
      expect(applySqliteMigrations(db, [...sqliteMigrations, later])).toEqual([...shippedVersions, nextVersion]);
      expect(applySqliteMigrations(db, [...sqliteMigrations, later])).toEqual([]);
      expect(() => applySqliteMigrations(db, [later, ...sqliteMigrations])).toThrow(/ascending/);
    } finally {
      db.close();
    }
  });

  it('rolls back a failing migration together with its record', () => {
    const db = new Database(file);
    try {
      const broken = {
        version: nextVersion,
        name: 'broken',
        sql: 'CREATE TABLE extra (id TEXT); SELECT * FROM no_such_table',
      };
      expect(() => applySqliteMigrations(db, [...sqliteMigrations, broken])).toThrow(/no_such_table/);
      expect(listAppliedSqliteMigrations(db)).toEqual(shippedVersions);
      expect(db.prepare("SELECT name FROM sqlite_schema WHERE name = 'extra'").all()).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('commits 200 transitions in one transaction, skipping only the failing commit', async () => {
    const store = await open();
    const commits = Array.from({ length: 200 }, (_, i) => createCommit(`bulk-${i}`));
    // Commit 120 records event id 1 twice: the primary key fails midway through the batch.
    const broken = commits[120]!;
    broken.events = [...broken.events, { ...broken.events[0]! }];

    const checkpoint = new Database(file);
    try {
      checkpoint.pragma('wal_checkpoint(TRUNCATE)');
      const outcomes = await store.commitTransitions(commits);
      expect(outcomes.filter((o) => o === 'ok')).toHaveLength(199);
      expect(outcomes[120]).toBe('conflict');
      // One transaction writes each touched page once; 200 transactions would append at least 200 WAL frames.
      const [result] = checkpoint.pragma('wal_checkpoint(PASSIVE)') as [{ log: number }];
      expect(result.log).toBeGreaterThan(0);
      expect(result.log).toBeLessThan(200);
    } finally {
      checkpoint.close();
    }

    expect(await store.getExecution(broken.executionArn)).toBeUndefined();
    expect(await store.getHistory(broken.executionArn)).toEqual([]);
    expect(await store.listWork(broken.executionArn)).toEqual([]);
    expect(await store.getExecution(executionArnOf('bulk-119'))).toMatchObject({ version: 1 });
    expect(await store.getExecution(executionArnOf('bulk-121'))).toMatchObject({ version: 1 });
    expect((await store.listExecutions({ limit: 500 })).length).toBe(199);
  });

  it('rolls back the whole batch and rejects on an error that is not a conflict', async () => {
    const store = await open();
    const good = createCommit('good');
    const bad = createCommit('bad');
    bad.update = { ...bad.update, snapshot: null as unknown as string };
    await expect(store.commitTransitions([good, bad])).rejects.toThrow(/NOT NULL/);
    expect(await store.getExecution(good.executionArn)).toBeUndefined();
    const misuse = { ...createCommit('misuse'), expectedVersion: 3 };
    await expect(store.commitTransitions([misuse])).rejects.toThrow(TypeError);
  });

  it('waits busyTimeoutMs for a lock held by another connection, then fails without writing', async () => {
    const store = await open({ busyTimeoutMs: 150 });
    const other = new Database(file);
    try {
      other.exec('BEGIN IMMEDIATE');
      const started = Date.now();
      await expect(store.commitTransitions([createCommit('blocked')])).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
      expect(Date.now() - started).toBeGreaterThanOrEqual(100);
      other.exec('ROLLBACK');
    } finally {
      other.close();
    }
    expect(await store.getExecution(executionArnOf('blocked'))).toBeUndefined();
    expect(await store.commitTransitions([createCommit('blocked')])).toEqual(['ok']);
  });
});

const stateMachineArn = 'arn:aws:states:us-east-1:123456789012:stateMachine:trip';
const shippedVersions = sqliteMigrations.map((migration) => migration.version);
/** A version after every shipped migration, for migrations that tests add. */
const nextVersion = Math.max(...shippedVersions) + 1;

function executionArnOf(name: string): string {
  return `arn:aws:states:us-east-1:123456789012:execution:trip:${name}`;
}

function createCommit(name: string): TransitionCommit {
  const executionArn = executionArnOf(name);
  return {
    executionArn,
    expectedVersion: 0,
    create: { stateMachineArn, name, definitionId: 'sha-trip', input: '{"n":1}', startDate: 1000 },
    update: { status: 'RUNNING', snapshot: '{"step":1}', output: null, error: null, cause: null, stopDate: null },
    events: [
      { id: 1, previousEventId: 0, timestamp: 1000, type: 'ExecutionStarted', executionStartedEventDetails: {} },
      { id: 2, previousEventId: 1, timestamp: 1000, type: 'TaskStateEntered', stateEnteredEventDetails: {} },
    ],
    deleteWorkIds: [],
    insertWork: [
      {
        id: `work-${name}`,
        executionArn,
        kind: 'task',
        dueAt: 1000,
        payload: '{}',
        owner: null,
        leaseUntil: null,
      },
    ],
  };
}
