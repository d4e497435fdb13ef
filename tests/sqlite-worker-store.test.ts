import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { openSqliteStore } from '../src/sqlite/sqlite-store.js';
import { openSqliteWorkerStore, type SqliteWorkerStore } from '../src/sqlite/sqlite-worker-store.js';
import { createCommit, executionArnOf, updateCommit } from './store-contract-fixtures.js';
import { runStoreContract } from './store-contract.js';

function makeTempDirectory(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'unwind-worker-'));
}

runStoreContract('sqlite-worker', async () => {
  const directory = makeTempDirectory();
  const store = await openSqliteWorkerStore({ file: path.join(directory, 'unwind.db') });
  const cleanup = async (): Promise<void> => {
    await store.close();
    fs.rmSync(directory, { recursive: true, force: true });
  };
  return { store, cleanup };
});

describe('SQLite worker store specifics', () => {
  let directory: string;
  let file: string;
  const opened: SqliteWorkerStore[] = [];

  async function open(options: Partial<Parameters<typeof openSqliteWorkerStore>[0]> = {}): Promise<SqliteWorkerStore> {
    const store = await openSqliteWorkerStore({ file, ...options });
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

  it('opens the file in WAL mode with the requested settings', async () => {
    const store = await open();
    expect(store.file).toBe(file);
    expect(await store.readSettings()).toEqual({ journalMode: 'wal', synchronous: 2, busyTimeoutMs: 5000 });
    const tuned = await open({ file: path.join(directory, 'tuned.db'), synchronous: 'NORMAL', busyTimeoutMs: 250 });
    expect(await tuned.readSettings()).toEqual({ journalMode: 'wal', synchronous: 1, busyTimeoutMs: 250 });
  });

  it('rejects bad options with the TypeError of the SQLite store', async () => {
    await expect(openSqliteWorkerStore({ file, busyTimeoutMs: -1 })).rejects.toThrow(TypeError);
    await expect(openSqliteWorkerStore({ file, busyTimeoutMs: -1 })).rejects.toThrow(/bad busyTimeoutMs -1/);
    const missing = path.join(directory, 'no', 'such', 'dir', 'x.db');
    const thrown = ((): unknown => {
      try {
        return openSqliteStore({ file: missing });
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toBeInstanceOf(TypeError);
    await expect(openSqliteWorkerStore({ file: missing })).rejects.toEqual(thrown);
    await expect(openSqliteWorkerStore({ file: missing })).rejects.toBeInstanceOf(TypeError);
  });

  it('writes a file the in-process store reads, and reads what it wrote', async () => {
    const first = await open();
    expect(await first.commitTransitions([createCommit('trip-1')])).toEqual(['ok']);
    await first.close();

    const direct = openSqliteStore({ file });
    await direct.migrate();
    expect(await direct.getExecution(executionArnOf('trip-1'))).toMatchObject({ version: 1, status: 'RUNNING' });
    expect(await direct.commitTransitions([updateCommit(executionArnOf('trip-1'), 1)])).toEqual(['ok']);
    await direct.close();

    const second = await open();
    expect(await second.getExecution(executionArnOf('trip-1'))).toMatchObject({ version: 2 });
  });

  it('serves calls in the order they are made', async () => {
    const store = await open();
    const arn = executionArnOf('trip-1');
    const calls = [
      store.getExecution(arn),
      store.commitTransitions([createCommit('trip-1')]),
      store.getExecution(arn),
      store.commitTransitions([updateCommit(arn, 1)]),
      store.getExecution(arn),
    ];
    const [before, created, afterCreate, updated, afterUpdate] = await Promise.all(calls);
    expect(before).toBeUndefined();
    expect(created).toEqual(['ok']);
    expect(afterCreate).toMatchObject({ version: 1 });
    expect(updated).toEqual(['ok']);
    expect(afterUpdate).toMatchObject({ version: 2 });
  });

  it('keeps the class and code of errors across the thread boundary', async () => {
    const store = await open();
    const good = createCommit('good');
    const bad = createCommit('bad');
    bad.update = { ...bad.update, snapshot: null as unknown as string };
    const notNull = await store.commitTransitions([good, bad]).catch((error: unknown) => error);
    expect(notNull).toBeInstanceOf(Database.SqliteError);
    expect(notNull).toMatchObject({ name: 'SqliteError', code: 'SQLITE_CONSTRAINT_NOTNULL' });
    expect((notNull as Error).message).toMatch(/NOT NULL/);
    expect((notNull as Error).stack).toMatch(/sqlite-commit-transitions/);
    expect(await store.getExecution(good.executionArn)).toBeUndefined();

    const misuse = { ...createCommit('misuse'), expectedVersion: 3 };
    await expect(store.commitTransitions([misuse])).rejects.toThrow(TypeError);
    await expect(store.commitTransitions([misuse])).rejects.toThrow(/'create' must be set exactly/);
  });

  it('rejects arguments that cannot be cloned without sending them, and keeps serving', async () => {
    const store = await open();
    const commit = { ...createCommit('trip-1'), extra: () => undefined };
    await expect(store.commitTransitions([commit])).rejects.toThrow(/could not be cloned/);
    expect(await store.getExecution(commit.executionArn)).toBeUndefined();
    expect(await store.commitTransitions([createCommit('trip-1')])).toEqual(['ok']);
  });

  it('waits busyTimeoutMs for a lock held by another connection, then fails with SQLITE_BUSY', async () => {
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

  it('closes once, then rejects every call with a TypeError', async () => {
    const store = await open();
    const pending = store.commitTransitions([createCommit('last')]);
    const closing = store.close();
    expect(store.close()).toBe(closing);
    expect(await pending).toEqual(['ok']);
    await closing;
    await expect(store.getExecution(executionArnOf('last'))).rejects.toThrow(TypeError);
    await expect(store.migrate()).rejects.toThrow(/not open/);

    const reopened = await open();
    expect(await reopened.getExecution(executionArnOf('last'))).toMatchObject({ version: 1 });
  });

  it('does not serve cross-process wake-ups', async () => {
    const store = await open();
    expect('onWorkAvailable' in store).toBe(false);
  });
});
