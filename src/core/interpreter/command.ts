import type { Json } from '../json.js';

/** How a task resource shows up in history (AWS uses different event families). */
export interface ResourceDescription {
  family: 'Task' | 'LambdaFunction' | 'Activity';
  resourceType: string;
  resource: string;
}

export interface InvokeTaskCommand {
  type: 'InvokeTask';
  taskId: string;
  stateName: string;
  resource: string;
  input: Json;
  /** 1 on the first attempt, +1 per retry of the same stay in the state. */
  attempt: number;
  timeoutSeconds?: number;
  heartbeatSeconds?: number;
  /**
   * `.waitForTaskToken` (and activities: the resource queues the task): the resource's answer only
   * submits the work; the token's answer ends it.
   */
  waitForTaskToken: boolean;
}

export interface StartTimerCommand {
  type: 'StartTimer';
  timerId: string;
  dueAt: number;
  purpose: 'task-timeout' | 'heartbeat-timeout' | 'retry' | 'wait' | 'execution-timeout';
}

/** Cancels an outstanding task invocation or timer (it is no longer awaited). */
export interface CancelWorkCommand {
  type: 'CancelWork';
  workId: string;
  /** A `states:startExecution.sync` task's child execution: stopped with its parent's task (as AWS). */
  childExecutionArn?: string;
}

export type Command = InvokeTaskCommand | StartTimerCommand | CancelWorkCommand;
