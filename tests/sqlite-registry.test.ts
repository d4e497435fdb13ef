import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { sqliteMigrations } from '../src/sqlite/migrations/index.js';
import { applySqliteMigrations, listAppliedSqliteMigrations } from '../src/sqlite/sqlite-migrations.js';
import { openSqliteStore, type SqliteStore } from '../src/sqlite/sqlite-store.js';
import { runRegistryContract } from './registry-contract.js';

runRegistryContract('sqlite', () => {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'unwind-registry-'));
  const file = path.join(directory, 'unwind.db');
  const stores: SqliteStore[] = [openSqliteStore({ file })];
  return Promise.resolve({
    store: stores[0]!,
    // A second connection to the same file, as another process would open it.
    openPeer: () => {
      const peer = openSqliteStore({ file });
      stores.push(peer);
      return Promise.resolve(peer);
    },
    cleanup: async () => {
      for (const store of stores) await store.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  });
});

describe('SQLite registry specifics', () => {
  let directory: string;
  let file: string;

  beforeEach(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'unwind-registry-'));
    file = path.join(directory, 'unwind.db');
  });

  afterEach(() => {
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it('adds the registry to a database migrated before it, keeping its data', async () => {
    const db = new Database(file);
    try {
      const earlier = sqliteMigrations.filter((migration) => migration.version < registryVersion);
      expect(applySqliteMigrations(db, earlier)).toEqual(earlier.map((migration) => migration.version));
      db.prepare("INSERT INTO settings (key, value) VALUES ('secret', 'kept')").run();
    } finally {
      db.close();
    }

    const store = openSqliteStore({ file });
    try {
      await store.migrate();
      await store.migrate();
      expect(await store.loadSetting('secret', 'new')).toBe('kept');
      await store.registry.createActivity({ activityArn: 'arn:a', name: 'a', creationDate: 1 });
      expect(await store.registry.getActivity('arn:a')).toEqual({ activityArn: 'arn:a', name: 'a', creationDate: 1 });
    } finally {
      await store.close();
    }
    const reopened = new Database(file);
    try {
      expect(listAppliedSqliteMigrations(reopened)).toEqual(sqliteMigrations.map((migration) => migration.version));
    } finally {
      reopened.close();
    }
  });

  it('hands each task to one of two worker threads taking at the same time', async () => {
    const store = openSqliteStore({ file });
    const activityArn = 'arn:aws:states:us-east-1:123456789012:activity:charge-card';
    const tokens = Array.from({ length: 200 }, (_, i) => `t-${String(i).padStart(3, '0')}`);
    try {
      await store.migrate();
      for (const [i, taskToken] of tokens.entries()) {
        await store.registry.enqueueActivityTask({
          taskToken,
          activityArn,
          executionArn: 'arn:e',
          input: '{}',
          createdAt: i,
          workerName: null,
          takenAt: null,
        });
      }
    } finally {
      await store.close();
    }

    const takers = ['taker-a', 'taker-b'].map((workerName) => startTaker({ file, activityArn, workerName }));
    await Promise.all(takers.map((taker) => taker.ready));
    for (const taker of takers) taker.go();
    const [a, b] = await Promise.all(takers.map((taker) => taker.tokens));
    expect(a!.filter((token) => b!.includes(token))).toEqual([]);
    expect([...a!, ...b!].sort()).toEqual(tokens);
  });
});

const registryVersion = 4;

interface Taker {
  ready: Promise<void>;
  go(): void;
  tokens: Promise<string[]>;
}

function startTaker(data: { file: string; activityArn: string; workerName: string }): Taker {
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./sqlite-registry-taker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  const worker = new Worker(bootstrap, { eval: true, workerData: data });
  let signalReady = (): void => undefined;
  const ready = new Promise<void>((resolve) => (signalReady = resolve));
  const tokens = new Promise<string[]>((resolve, reject) => {
    worker.on('message', (message: unknown) => {
      if (message === 'ready') signalReady();
      else {
        resolve(message as string[]);
        void worker.terminate();
      }
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`taker ${data.workerName} exited with code ${code}`)));
  });
  return { ready, go: () => worker.postMessage('go'), tokens };
}
