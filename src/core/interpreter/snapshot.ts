import type { Json } from '../json.js';

export type SnapshotStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** What a pending piece of work means to the interpreter when it completes or fires. */
export type PendingPurpose = 'task' | 'task-timeout' | 'heartbeat-timeout' | 'retry' | 'wait' | 'execution-timeout';

export interface PendingWork {
  scope: string;
  purpose: PendingPurpose;
}

/** The state currently active in a scope. */
export interface ActiveState {
  name: string;
  /** Raw input of the state. */
  input: Json;
  enteredEventId: number;
  enteredTime: number;
  /** Attempts used per retrier (index = position in Retry). */
  retryCounts: number[];
  /** Total retries in this stay, for $$.State.RetryCount. */
  retryCount: number;
  /** The outstanding task invocation, its timeout timer, or the state's timer. */
  taskId?: string;
  timeoutId?: string;
  /** `.waitForTaskToken`: the heartbeat timer, and whether the resource already accepted the work. */
  heartbeatId?: string;
  heartbeatSeconds?: number;
  submitted?: boolean;
  timerId?: string;
  /** Parallel / Map bookkeeping. */
  children?: ChildrenProgress;
}

export interface ChildrenProgress {
  /** Scope ids of children still running. */
  running: string[];
  /** Results by branch / item index (null until finished). */
  results: Json[];
  finished: number;
  /** Map only: the items and the next index to start. */
  items?: Json[];
  nextIndex?: number;
  maxConcurrency?: number;
  /** Map only: failed iterations so far and how many may fail (count, percentage) before the Map does. */
  failed?: number;
  toleratedCount?: number;
  toleratedPercentage?: number;
  /** Map only: the effective input used for ItemSelector. */
  selectorInput?: Json;
}

/** An executing list of states: the machine itself, a Parallel branch or a Map iteration. */
export interface Scope {
  id: string;
  parent?: string;
  /** Position among the parent's children (branch or item index). */
  index?: number;
  /** The States map this scope runs: '' for the machine, else '<state name>#<branch index>' or '<state name>'. */
  states: string;
  current?: ActiveState;
  lastEventId: number;
  /** Variables assigned in this scope (Assign); inner scopes read outer ones. */
  variables?: Record<string, Json>;
}

/** The interpreter's whole durable state of one execution, stored as JSON. */
export interface Snapshot {
  status: SnapshotStatus;
  startTime: number;
  nextEventId: number;
  seq: number;
  scopes: Record<string, Scope>;
  pending: Record<string, PendingWork>;
  output?: Json;
  error?: string;
  cause?: string;
}
