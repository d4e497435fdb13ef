import pg from 'pg';

import type { Registry } from '../store/registry-port.js';
import type { Store } from '../store/store-port.js';
import { createPostgresClaimWork } from './postgres-claim-work.js';
import { createPostgresCommitTransitions } from './postgres-commit-transitions.js';
import { PostgresDatabase, postgresTypes } from './postgres-database.js';
import { createPostgresDefinitions } from './postgres-definitions.js';
import { createPostgresEngines } from './postgres-engines.js';
import { createPostgresSettings } from './postgres-settings.js';
import { createPostgresExecutions } from './postgres-executions.js';
import { createPostgresHistory } from './postgres-history.js';
import { createPostgresRegistry } from './postgres-registry.js';
import { applyPostgresMigrations } from './postgres-migrations.js';
import { createPostgresRetention } from './postgres-retention.js';
import { defaultRetryPolicy, retryTransient, type RetryPolicy } from './postgres-retry.js';
import { checkSchemaName, workChannelOf } from './postgres-schema-name.js';
import { createPostgresWork } from './postgres-work.js';
import { PostgresWorkListener } from './postgres-work-listener.js';

export interface PostgresStoreOptions {
  connectionString: string;
  /** Every table lives in this schema (default 'unwind'); `migrate()` creates it. */
  schema?: string;
  /** Connections in the pool (default 10); LISTEN uses one more, per subscription. */
  poolSize?: number;
  /** Server-side `statement_timeout` of every connection (default: the server's). */
  statementTimeoutMs?: number;
  /** How long an operation keeps retrying after connection errors (default 30 000). */
  retryTimeoutMs?: number;
  /** `application_name` of the connections (default 'unwind'), as `pg_stat_activity` shows it. */
  applicationName?: string;
}

export interface PostgresStore extends Store {
  readonly schema: string;
  readonly registry: Registry;
  /** SQL statements sent so far (BEGIN, COMMIT and SAVEPOINTs included), for benchmarks. */
  readonly statementCount: number;
  onWorkAvailable(listener: (dueAt: number) => void): Promise<() => Promise<void>>;
}

const defaultPoolSize = 10;

/**
 * Opens a store on a PostgreSQL database. Every query names its schema, so the pool needs no session
 * state. Call `migrate()` before anything else. Operations that fail because the connection was lost
 * are retried with capped exponential back-off for up to `retryTimeoutMs`.
 */
export function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  return Promise.resolve().then(() => createStore(resolveOptions(options)));
}

type ResolvedOptions = Required<Omit<PostgresStoreOptions, 'statementTimeoutMs'>> & { statementTimeoutMs?: number };

function resolveOptions(options: PostgresStoreOptions): ResolvedOptions {
  const resolved = {
    ...options,
    schema: checkSchemaName(options.schema ?? 'unwind'),
    poolSize: options.poolSize ?? defaultPoolSize,
    retryTimeoutMs: options.retryTimeoutMs ?? defaultRetryPolicy.timeoutMs,
    applicationName: options.applicationName ?? 'unwind',
  };
  if (!Number.isInteger(resolved.poolSize) || resolved.poolSize < 1)
    throw new TypeError(`bad poolSize ${resolved.poolSize}`);
  const timeout = resolved.statementTimeoutMs;
  if (timeout !== undefined && (!Number.isInteger(timeout) || timeout < 0)) {
    throw new TypeError(`bad statementTimeoutMs ${timeout}`);
  }
  return Object.freeze(resolved);
}

function clientConfigOf(options: ResolvedOptions): pg.ClientConfig {
  return {
    connectionString: options.connectionString,
    application_name: options.applicationName,
    keepAlive: true,
    ...(options.statementTimeoutMs === undefined ? {} : { statement_timeout: options.statementTimeoutMs }),
  };
}

function createStore(options: ResolvedOptions): PostgresStore {
  const pool = new pg.Pool({ ...clientConfigOf(options), max: options.poolSize, types: postgresTypes });
  // An idle connection that dies (server restart, pg_terminate_backend) is dropped by the pool; the
  // next query opens a new one. Without a handler the 'error' event would crash the process.
  pool.on('error', () => undefined);
  const database = new PostgresDatabase(pool);
  const policy: RetryPolicy = { ...defaultRetryPolicy, timeoutMs: options.retryTimeoutMs };
  const retry: Retry = (operation) => retryTransient(policy, operation);
  const subscriptions = createSubscriptions(clientConfigOf(options), workChannelOf(options.schema));
  return {
    schema: options.schema,
    get statementCount() {
      return database.statementCount;
    },
    migrate: () => retry(async () => void (await applyPostgresMigrations(database, options.schema))),
    ...portMethods(createParts(database, options.schema), retry),
    registry: createPostgresRegistry(database, options.schema, retry),
    preferredCommitConcurrency: 2,
    onWorkAvailable: (listener) => subscriptions.subscribe(listener),
    close: async () => {
      await subscriptions.stopAll();
      await pool.end();
    },
  };
}

type Retry = <T>(operation: () => Promise<T>) => Promise<T>;

/** The port's data methods, each retried after connection loss. */
function portMethods(parts: ReturnType<typeof createParts>, retry: Retry): Omit<Store, 'migrate' | 'close'> {
  return {
    saveDefinition: (record) => retry(() => parts.definitions.save(record)),
    getDefinition: (id) => retry(() => parts.definitions.get(id)),
    commitTransitions: (commits) => retry(() => parts.commitTransitions(commits)),
    getExecution: (executionArn) => retry(() => parts.executions.get(executionArn)),
    findExecution: (arnOrName) => retry(() => parts.executions.find(arnOrName)),
    listExecutions: (query) => retry(() => parts.executions.list(query)),
    listUnfinishedExecutions: () => retry(() => parts.executions.listUnfinished()),
    getHistory: (executionArn, query = {}) => retry(() => parts.history.read(executionArn, query)),
    claimWork: (request) => retry(() => parts.claimWork(request)),
    renewLeases: (owner, ids, leaseUntil) => retry(() => parts.work.renewLeases(owner, ids, leaseUntil)),
    releaseLeases: (owners) => retry(() => parts.work.releaseLeases(owners)),
    listWork: (executionArn) => retry(() => parts.work.listForExecution(executionArn)),
    nextDueAt: (now) => retry(() => parts.work.nextDueAt(now)),
    countDueWork: (now) => retry(() => parts.work.countDue(now)),
    deleteFinishedExecutions: (stoppedBefore, limit) => retry(() => parts.deleteFinished(stoppedBefore, limit)),
    loadSetting: (key, initial) => retry(() => parts.settings.load(key, initial)),
    registerEngine: (record) => retry(() => parts.engines.register(record)),
    heartbeatEngine: (id, at) => retry(() => parts.engines.heartbeat(id, at)),
    listEngines: () => retry(() => parts.engines.list()),
    removeEngines: (ids) => retry(() => parts.engines.remove(ids)),
  };
}

/** LISTEN connections, one per `onWorkAvailable` subscription; `close()` stops those still open. */
function createSubscriptions(clientConfig: pg.ClientConfig, channel: string) {
  const active = new Set<PostgresWorkListener>();
  return {
    async subscribe(listener: (dueAt: number) => void): Promise<() => Promise<void>> {
      const subscription = new PostgresWorkListener({ clientConfig, channel, listener });
      active.add(subscription);
      await subscription.start();
      return async () => {
        active.delete(subscription);
        await subscription.stop();
      };
    },
    async stopAll(): Promise<void> {
      const stopping = [...active].map((subscription) => subscription.stop());
      active.clear();
      await Promise.all(stopping);
    },
  };
}

function createParts(database: PostgresDatabase, schema: string) {
  return {
    definitions: createPostgresDefinitions(database, schema),
    executions: createPostgresExecutions(database, schema),
    history: createPostgresHistory(database, schema),
    work: createPostgresWork(database, schema),
    claimWork: createPostgresClaimWork(database, schema),
    commitTransitions: createPostgresCommitTransitions(database, schema),
    deleteFinished: createPostgresRetention(database, schema),
    engines: createPostgresEngines(database, schema),
    settings: createPostgresSettings(database, schema),
  };
}
