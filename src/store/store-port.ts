import type { HistoryEvent } from '../core/interpreter/history-event.js';
import type { Registry } from './registry-port.js';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** A definition text as it was when an execution started (executions are pinned to it). */
export interface DefinitionRecord {
  /** sha256 of `text`: the same text is stored once. */
  id: string;
  stateMachineArn: string;
  text: string;
  createdAt: number;
}

export interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  definitionId: string;
  status: ExecutionStatus;
  /** JSON text. */
  input: string;
  /** JSON text, set when SUCCEEDED. */
  output: string | null;
  error: string | null;
  cause: string | null;
  /** epoch ms */
  startDate: number;
  stopDate: number | null;
  /** The interpreter snapshot as JSON text. */
  snapshot: string;
  /** Optimistic-concurrency version: 1 after the first transition, +1 per transition. */
  version: number;
}

/** `workflow`: a run of a code-first workflow (src/engine/workflow/); the others drive state machines. */
export type WorkKind = 'task' | 'timer' | 'task-timeout' | 'heartbeat-timeout' | 'execution-timeout' | 'workflow';

/** A due item of work: claimed with a lease, deleted by the transition that consumes it. */
export interface WorkItem {
  id: string;
  executionArn: string;
  kind: WorkKind;
  /** epoch ms */
  dueAt: number;
  /** JSON text: what the engine needs to carry out the work. */
  payload: string;
  owner: string | null;
  leaseUntil: number | null;
}

/** Everything one transition of one execution writes, applied atomically. */
export interface TransitionCommit {
  executionArn: string;
  /** 0 when the transition creates the execution (then `create` is set). */
  expectedVersion: number;
  create?: {
    stateMachineArn: string;
    name: string;
    definitionId: string;
    input: string;
    startDate: number;
  };
  update: {
    status: ExecutionStatus;
    snapshot: string;
    output: string | null;
    error: string | null;
    cause: string | null;
    stopDate: number | null;
  };
  events: HistoryEvent[];
  /** Work items this transition consumed or cancelled (deleted; missing ids are ignored). */
  deleteWorkIds: string[];
  insertWork: WorkItem[];
}

/**
 * `ok`: applied. `conflict`: the execution's version was not `expectedVersion`
 * (another process advanced it, or it already exists when creating): nothing was written.
 */
export type CommitOutcome = 'ok' | 'conflict';

export interface ListExecutionsQuery {
  status?: ExecutionStatus;
  stateMachineArn?: string;
  /** Newest first; resume after this (startDate, executionArn) key. */
  after?: { startDate: number; executionArn: string };
  limit?: number;
}

export interface HistoryQuery {
  /** Return events with id > afterId (or < afterId when reverse). */
  afterId?: number;
  limit?: number;
  reverse?: boolean;
}

export interface ClaimWorkRequest {
  owner: string;
  now: number;
  limit: number;
  leaseUntil: number;
  /** Only these kinds (all when absent). */
  kinds?: WorkKind[];
}

/** A running engine process, so others can tell when its leases are orphaned. */
export interface EngineRecord {
  id: string;
  host: string;
  pid: number;
  startedAt: number;
  heartbeatAt: number;
}

/**
 * The storage port. Every adapter passes `tests/store-contract.ts`.
 * All methods are async so that networked adapters fit the same shape.
 */
export interface Store {
  /**
   * How many group-commit batches the engine may write at once (default 1). A networked store
   * overlaps round trips with 2; a synchronous one gains nothing and would only halve batch sizes.
   */
  readonly preferredCommitConcurrency?: number;
  /** State machines, versions, activities and tags (the Step Functions API's registry), same database. */
  readonly registry?: Registry;
  /** Applies pending numbered migrations. Idempotent. */
  migrate(): Promise<void>;
  saveDefinition(record: DefinitionRecord): Promise<void>;
  getDefinition(id: string): Promise<DefinitionRecord | undefined>;
  /**
   * Applies many executions' transitions in ONE database transaction (group commit).
   * Each commit is all-or-nothing; a conflicting one is skipped, the others still apply.
   * Results are in input order.
   */
  commitTransitions(commits: readonly TransitionCommit[]): Promise<CommitOutcome[]>;
  getExecution(executionArn: string): Promise<ExecutionRecord | undefined>;
  /** Finds by ARN, or by name (most recent first when names repeat across state machines). */
  findExecution(arnOrName: string): Promise<ExecutionRecord | undefined>;
  listExecutions(query: ListExecutionsQuery): Promise<ExecutionRecord[]>;
  /** ARNs of executions whose status is RUNNING. */
  listUnfinishedExecutions(): Promise<string[]>;
  getHistory(executionArn: string, query?: HistoryQuery): Promise<HistoryEvent[]>;
  /** Leases up to `limit` due items (dueAt <= now, lease absent or expired), earliest due first. */
  claimWork(request: ClaimWorkRequest): Promise<WorkItem[]>;
  /**
   * Extends leases still held by `owner`; returns the ids it extended. An adapter may skip a row that
   * another transaction is writing at that moment (a commit consuming it) rather than wait for it.
   */
  renewLeases(owner: string, ids: readonly string[], leaseUntil: number): Promise<string[]>;
  /**
   * Expires the leases held by the given owners (their process is gone). Only a shortcut: a lease
   * also ends at its `leaseUntil`, so an adapter may skip rows being written at that moment.
   */
  releaseLeases(owners: readonly string[]): Promise<number>;
  listWork(executionArn: string): Promise<WorkItem[]>;
  /** Earliest dueAt among items not leased at `now`, or undefined when there is none. */
  nextDueAt(now: number): Promise<number | undefined>;
  /** How many items are due at `now` and not leased (lease absent or expired): the queue depth. */
  countDueWork(now: number): Promise<number>;
  /**
   * Retention: deletes up to `limit` executions that finished (status other than RUNNING)
   * with stopDate < `stoppedBefore`, together with their history and work items, in one
   * transaction. Returns how many executions were deleted (call again until it returns 0).
   */
  deleteFinishedExecutions(stoppedBefore: number, limit: number): Promise<number>;
  /**
   * Cross-process wake-ups (PostgreSQL LISTEN/NOTIFY): calls `listener(dueAt)` when another
   * process committed work that is due at `dueAt` and not leased. Adapters for one process
   * (SQLite) may leave it out. Returns a function that unsubscribes.
   */
  onWorkAvailable?(listener: (dueAt: number) => void): Promise<() => Promise<void>>;
  /**
   * A durable setting shared by every process on this database: the stored value of `key`, or
   * `initial` stored (atomically, first writer wins) when there is none. E.g. the task-token secret.
   */
  loadSetting(key: string, initial: string): Promise<string>;
  registerEngine(record: EngineRecord): Promise<void>;
  heartbeatEngine(id: string, at: number): Promise<void>;
  listEngines(): Promise<EngineRecord[]>;
  removeEngines(ids: readonly string[]): Promise<void>;
  close(): Promise<void>;
}
