import type { Json } from '../json.js';

export type SnapshotStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** What a pending piece of work means to the interpreter when it completes or fires. */
export type PendingPurpose = 'task' | 'task-timeout' | 'heartbeat-timeout' | 'retry' | 'wait' | 'execution-timeout';

export interface PendingWork {
  scope: string;
  purpose: PendingPurpose;
  /** A submitted `states:startExecution.sync` task: the child execution it waits for. */
  childExecutionArn?: string;
}

/**
 * The Task that started this execution with `states:startExecution.sync` (or `.sync:2`): it waits
 * for this execution's end, which the engine reports to it.
 */
export interface ParentExecution {
  executionArn: string;
  taskId: string;
  /** `sync`: the child's Input and Output reach the parent as JSON text; `sync:2`: as JSON. */
  pattern: 'sync' | 'sync:2';
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
  /**
   * Map only: iterations that failed within the tolerated failures, with their inner scopes, as they
   * stopped (only kept so that a redrive can run them again; dropped when the Map state ends).
   */
  failedIterations?: Record<string, Scope>;
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
  /**
   * Set only inside one transition, between leaving a state and entering the next one (`next`) or
   * ending the scope (no `next`): what a redrive does for a scope stopped at that moment.
   */
  leaving?: { output: Json; next?: string };
}

/**
 * The interpreter's whole durable state of one execution, stored as JSON. When the execution ends
 * otherwise than SUCCEEDED, `scopes` keeps where it stopped (the states to enter again, the finished
 * Parallel branches and Map iterations): what RedriveExecution resumes from.
 */
export interface Snapshot {
  status: SnapshotStatus;
  /** Set when a parent's `states:startExecution.sync` Task started this execution and awaits its end. */
  parent?: ParentExecution;
  startTime: number;
  nextEventId: number;
  seq: number;
  scopes: Record<string, Scope>;
  pending: Record<string, PendingWork>;
  output?: Json;
  error?: string;
  cause?: string;
  /** When the execution ended (epoch ms); absent while it runs. */
  stopTime?: number;
  /** Redrives so far and when the last one happened (epoch ms), for `$$.Execution` and DescribeExecution. */
  redriveCount?: number;
  redriveTime?: number;
  /** The clientToken of the last RedriveExecution, so that a repeated request is answered alike. */
  redriveClientToken?: string;
  /** Why the ended execution can never be redriven (e.g. it hit the history limit). */
  notRedrivable?: string;
}
