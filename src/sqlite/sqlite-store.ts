import Database from 'better-sqlite3';

import type { Registry } from '../store/registry-port.js';
import type { Store } from '../store/store-port.js';
import { prepareSqliteClaimWork } from './sqlite-claim-work.js';
import { prepareSqliteCommitTransitions } from './sqlite-commit-transitions.js';
import { prepareSqliteDefinitions } from './sqlite-definitions.js';
import { prepareSqliteEngines } from './sqlite-engines.js';
import { prepareSqliteExecutions } from './sqlite-executions.js';
import { prepareSqliteHistory } from './sqlite-history.js';
import { createSqliteRegistry } from './sqlite-registry.js';
import { prepareSqliteSettings } from './sqlite-settings.js';
import { applySqliteMigrations } from './sqlite-migrations.js';
import { prepareSqliteRetention } from './sqlite-retention.js';
import { prepareSqliteWork } from './sqlite-work.js';

export type SqliteSynchronous = 'FULL' | 'NORMAL' | 'OFF';

export interface SqliteStoreOptions {
  /** Path of the database file (created when missing). */
  file: string;
  /** `FULL` (default): a committed transition survives power loss. `NORMAL` may lose the last ones. */
  synchronous?: SqliteSynchronous;
  /** How long a writer waits for another connection's lock (default 5000). */
  busyTimeoutMs?: number;
}

/** The connection settings as SQLite reports them (read back, not as requested). */
export interface SqliteSettings {
  journalMode: string;
  /** 0 = OFF, 1 = NORMAL, 2 = FULL, 3 = EXTRA. */
  synchronous: number;
  busyTimeoutMs: number;
}

export interface SqliteStore extends Store {
  readonly file: string;
  readonly registry: Registry;
  readSettings(): SqliteSettings;
}

const defaultBusyTimeoutMs = 5000;

/**
 * Opens the embedded store on one writer connection in WAL mode. Call `migrate()` before anything
 * else: statements are prepared once, on first use after the schema exists.
 */
export function openSqliteStore(options: SqliteStoreOptions): SqliteStore {
  const synchronous = options.synchronous ?? 'FULL';
  if (!['FULL', 'NORMAL', 'OFF'].includes(synchronous)) throw new TypeError(`unknown synchronous mode ${synchronous}`);
  const busyTimeoutMs = options.busyTimeoutMs ?? defaultBusyTimeoutMs;
  if (!Number.isInteger(busyTimeoutMs) || busyTimeoutMs < 0) throw new TypeError(`bad busyTimeoutMs ${busyTimeoutMs}`);

  const db = new Database(options.file);
  try {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronous}`);
    db.pragma('foreign_keys = OFF');
  } catch (error) {
    db.close();
    throw error;
  }

  let statements: ReturnType<typeof prepareStatements> | undefined;
  const prepared = (): ReturnType<typeof prepareStatements> => (statements ??= prepareStatements(db));

  return {
    file: options.file,
    registry: createSqliteRegistry(db),
    readSettings: () => ({
      journalMode: db.pragma('journal_mode', { simple: true }) as string,
      synchronous: db.pragma('synchronous', { simple: true }) as number,
      busyTimeoutMs: db.pragma('busy_timeout', { simple: true }) as number,
    }),
    migrate: () =>
      settle(() => {
        applySqliteMigrations(db);
      }),
    saveDefinition: (record) => settle(() => prepared().definitions.save(record)),
    getDefinition: (id) => settle(() => prepared().definitions.get(id)),
    commitTransitions: (commits) => settle(() => prepared().commitTransitions(commits)),
    getExecution: (executionArn) => settle(() => prepared().executions.get(executionArn)),
    findExecution: (arnOrName) => settle(() => prepared().executions.find(arnOrName)),
    listExecutions: (query) => settle(() => prepared().executions.list(query)),
    listUnfinishedExecutions: () => settle(() => prepared().executions.listUnfinished()),
    getHistory: (executionArn, query = {}) => settle(() => prepared().history.read(executionArn, query)),
    claimWork: (request) => settle(() => prepared().claimWork(request)),
    renewLeases: (owner, ids, leaseUntil) => settle(() => prepared().work.renewLeases(owner, ids, leaseUntil)),
    releaseLeases: (owners) => settle(() => prepared().work.releaseLeases(owners)),
    listWork: (executionArn) => settle(() => prepared().work.listForExecution(executionArn)),
    nextDueAt: (now) => settle(() => prepared().work.nextDueAt(now)),
    countDueWork: (now) => settle(() => prepared().work.countDue(now)),
    deleteFinishedExecutions: (stoppedBefore, limit) =>
      settle(() => prepared().deleteFinishedExecutions(stoppedBefore, limit)),
    loadSetting: (key, initial) => settle(() => prepared().loadSetting(key, initial)),
    registerEngine: (record) => settle(() => prepared().engines.register(record)),
    heartbeatEngine: (id, at) => settle(() => prepared().engines.heartbeat(id, at)),
    listEngines: () => settle(() => prepared().engines.list()),
    removeEngines: (ids) => settle(() => prepared().engines.remove(ids)),
    close: () =>
      settle(() => {
        statements = undefined;
        db.close();
      }),
  };
}

/** Runs a synchronous better-sqlite3 operation now; a throw becomes a rejected promise. */
function settle<T>(operation: () => T): Promise<T> {
  return new Promise<T>((resolve) => resolve(operation()));
}

function prepareStatements(db: Database.Database) {
  const history = prepareSqliteHistory(db);
  const work = prepareSqliteWork(db);
  return {
    definitions: prepareSqliteDefinitions(db),
    executions: prepareSqliteExecutions(db),
    history,
    work,
    claimWork: prepareSqliteClaimWork(db),
    commitTransitions: prepareSqliteCommitTransitions(db, history, work),
    engines: prepareSqliteEngines(db),
    deleteFinishedExecutions: prepareSqliteRetention(db),
    loadSetting: prepareSqliteSettings(db),
  };
}
