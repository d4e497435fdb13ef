import type { Command } from '../core/interpreter/command.js';
import type { Json } from '../core/json.js';
import type { TransitionResult } from '../core/interpreter/transition.js';
import type { TransitionCommit, WorkItem, WorkKind } from '../store/store-port.js';

/** What a `task` work item carries. */
export interface TaskPayload {
  taskId: string;
  stateName: string;
  resource: string;
  input: Json;
  attempt: number;
  /** `.waitForTaskToken`: the handler's answer submits the work; the token's answer ends it. */
  waitForTaskToken: boolean;
}

/** What a timer work item carries. */
export interface TimerPayload {
  timerId: string;
}

export function workId(executionArn: string, localId: string): string {
  return `${executionArn}#${localId}`;
}

const timerKinds: Record<string, WorkKind> = {
  'task-timeout': 'task-timeout',
  'execution-timeout': 'execution-timeout',
  'heartbeat-timeout': 'heartbeat-timeout',
  retry: 'timer',
  wait: 'timer',
};

export interface Lease {
  owner: string;
  leaseUntil: number;
}

function workItem(executionArn: string, command: Command, now: number, lease: Lease): WorkItem | undefined {
  if (command.type === 'InvokeTask') {
    const payload: TaskPayload = {
      taskId: command.taskId,
      stateName: command.stateName,
      resource: command.resource,
      input: command.input,
      attempt: command.attempt,
      waitForTaskToken: command.waitForTaskToken,
    };
    const id = workId(executionArn, command.taskId);
    return { id, executionArn, kind: 'task', dueAt: now, payload: JSON.stringify(payload), ...lease };
  }
  if (command.type === 'StartTimer') {
    const payload: TimerPayload = { timerId: command.timerId };
    const id = workId(executionArn, command.timerId);
    const kind = timerKinds[command.purpose] ?? 'timer';
    return {
      id,
      executionArn,
      kind,
      dueAt: command.dueAt,
      payload: JSON.stringify(payload),
      owner: null,
      leaseUntil: null,
    };
  }
  return undefined;
}

/** Turns a transition's result into the one atomic write that records it. */
export function buildCommit(
  executionArn: string,
  expectedVersion: number,
  result: TransitionResult,
  consumedWorkIds: readonly string[],
  now: number,
  lease: Lease,
): TransitionCommit {
  const { snapshot } = result;
  const finished = snapshot.status !== 'RUNNING';
  const cancelled = result.commands.flatMap((c) => (c.type === 'CancelWork' ? [workId(executionArn, c.workId)] : []));
  const insertWork = result.commands.flatMap((c) => workItem(executionArn, c, now, lease) ?? []);
  return {
    executionArn,
    expectedVersion,
    update: {
      status: snapshot.status,
      snapshot: JSON.stringify(snapshot),
      output: snapshot.status === 'SUCCEEDED' ? JSON.stringify(snapshot.output ?? null) : null,
      error: snapshot.error ?? null,
      cause: snapshot.cause ?? null,
      stopDate: finished ? now : null,
    },
    events: result.events,
    deleteWorkIds: [...consumedWorkIds, ...cancelled],
    insertWork,
  };
}
