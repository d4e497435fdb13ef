import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Store } from '../store/store-port.js';
import { DEFAULT_ACCOUNT, DEFAULT_REGION } from './arns.js';
import { systemClock, type Clock } from './clock.js';
import { safeObserver, type EngineObserver, type SafeEngineObserver } from './engine-observer.js';
import type { MockConfig } from './mocks/mock-config.js';
import type { TaskHandlers } from './task-handler.js';

export interface EngineOptions {
  store: Store;
  handlers?: TaskHandlers;
  clock?: Clock;
  /** This process's identity in leases; default a random UUID. */
  engineId?: string;
  /** How long a claimed item stays ours without renewal (ms). Default 30 s. */
  leaseMs?: number;
  /** How often to look for due work made by others or orphaned by dead processes (ms). Default 1 s. */
  pollIntervalMs?: number;
  /** Most task invocations and timers handled at once. Default 256. */
  maxInFlight?: number;
  /**
   * How long `stop()` waits for task handlers to settle once their AbortSignal fired (ms, real time).
   * A handler still running then is abandoned: its result is never recorded and its work runs again
   * (on a restart, or at once on another engine). Default 10 s.
   */
  stopGraceMs?: number;
  /** Most transitions written in one database transaction. Default 512. */
  maxBatch?: number;
  /** Finished executions older than this are deleted (ms). Default 30 days; 0 keeps them forever. */
  retentionMs?: number;
  /** How often retention runs (ms). Default 1 hour. */
  retentionIntervalMs?: number;
  region?: string;
  account?: string;
  /** Secret from which task tokens are derived. Default: one random secret per database (shared by its engines). */
  tokenSecret?: Buffer;
  random?: () => number;
  /** Hooks for metrics (executions, transitions, tasks, lease takeovers, commit batches). */
  observer?: EngineObserver;
  /** A Step Functions Local mock config: executions started on one of its test cases get mocked task results. */
  mockConfig?: MockConfig;
}

export type ResolvedEngineOptions = Readonly<
  Required<Omit<EngineOptions, 'tokenSecret' | 'observer' | 'mockConfig'>> & {
    tokenSecret: Buffer | undefined;
    mockConfig: MockConfig | undefined;
    observer: SafeEngineObserver;
    host: string;
    pid: number;
  }
>;

/** Resolves options once at the edge into a complete, frozen object. */
export function resolveEngineOptions(options: EngineOptions): ResolvedEngineOptions {
  return Object.freeze({
    store: options.store,
    handlers: options.handlers ?? {},
    clock: options.clock ?? systemClock,
    engineId: options.engineId ?? randomUUID(),
    leaseMs: options.leaseMs ?? 30_000,
    pollIntervalMs: options.pollIntervalMs ?? 1_000,
    maxInFlight: options.maxInFlight ?? 256,
    stopGraceMs: options.stopGraceMs ?? 10_000,
    maxBatch: options.maxBatch ?? 512,
    retentionMs: options.retentionMs ?? 30 * 24 * 3600 * 1000,
    retentionIntervalMs: options.retentionIntervalMs ?? 3600 * 1000,
    region: options.region ?? DEFAULT_REGION,
    account: options.account ?? DEFAULT_ACCOUNT,
    tokenSecret: options.tokenSecret,
    random: options.random ?? Math.random,
    observer: safeObserver(options.observer),
    mockConfig: options.mockConfig,
    host: hostname(),
    pid: process.pid,
  });
}
