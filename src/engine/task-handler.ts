import type { Json } from '../core/json.js';

/** What a task handler learns about the invocation. */
export interface TaskContext {
  executionArn: string;
  executionName: string;
  stateMachineArn: string;
  stateName: string;
  /** 1 on the first attempt, +1 per Retry. */
  attempt: number;
  /** The same on every re-invocation of this task attempt (after a crash, say): use it to deduplicate. */
  idempotencyKey: string;
  taskToken: string;
  /** Aborted when the task timed out or the execution stopped. */
  signal: AbortSignal;
}

// Handlers take any JSON-shaped input; `any` keeps user handlers easy to type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TaskHandler = (input: any, ctx: TaskContext) => unknown;

export type TaskHandlers = Readonly<Record<string, TaskHandler>>;

/** The outcome of one invocation, as data. */
export type TaskOutcome =
  { ok: true; output: Json; startedAt: number } | { ok: false; error: string; cause: string; startedAt: number };
