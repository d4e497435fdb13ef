import type { StateDefinition, StateMachineDefinition } from '../definition/asl-types.js';
import type { Command } from './command.js';
import type { HistoryEvent } from './history-event.js';
import type { ActiveState, ChildrenProgress, PendingPurpose, Scope, Snapshot } from './snapshot.js';
import { lookupState, type StateIndex } from './state-index.js';
import type { TransitionContext } from './transition-context.js';

/** The mutable working set of one transition (on a private copy of the snapshot). */
export interface InterpreterRun {
  definition: StateMachineDefinition;
  index: StateIndex;
  snapshot: Snapshot;
  ctx: TransitionContext;
  events: HistoryEvent[];
  commands: Command[];
  /** Steps to run after the current one, so long chains of states never recurse. */
  queue: (() => void | Promise<void>)[];
  /** Scopes this transition failed or aborted, as they were just before: where a redrive resumes. */
  stopped: StoppedScopes;
}

export interface StoppedScopes {
  scopes: Record<string, Scope>;
  /** Parallel/Map children progress by `childrenKey`, taken before a failed state cleared it. */
  children: Record<string, ChildrenProgress>;
}

export const MAX_HISTORY_EVENTS = 25_000;
/** Room kept below the limit for the events of one step and the closing event. */
export const HISTORY_HEADROOM = 16;

export function emitEvent(
  run: InterpreterRun,
  scope: Scope | undefined,
  type: string,
  details?: Record<string, unknown>,
  timestamp = run.ctx.now,
): number {
  const id = run.snapshot.nextEventId++;
  const event: HistoryEvent = { id, previousEventId: scope ? scope.lastEventId : 0, timestamp, type };
  if (details) event[detailsKey(type)] = details;
  if (scope) scope.lastEventId = id;
  run.events.push(event);
  return id;
}

/** `TaskStateEntered` -> `stateEnteredEventDetails`, `TaskScheduled` -> `taskScheduledEventDetails`. */
export function detailsKey(type: string): string {
  const entered = /StateEntered$/.test(type);
  const exited = /StateExited$/.test(type);
  if (entered) return 'stateEnteredEventDetails';
  if (exited) return 'stateExitedEventDetails';
  return `${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails`;
}

export function nextId(run: InterpreterRun, prefix: string): string {
  run.snapshot.seq += 1;
  return `${prefix}${run.snapshot.seq}`;
}

export function scheduleTimer(
  run: InterpreterRun,
  scope: Scope,
  purpose: Exclude<PendingPurpose, 'task'>,
  dueAt: number,
): string {
  const timerId = nextId(run, 'w');
  run.snapshot.pending[timerId] = { scope: scope.id, purpose };
  run.commands.push({ type: 'StartTimer', timerId, dueAt, purpose });
  return timerId;
}

export function cancelWork(run: InterpreterRun, workId: string | undefined): void {
  const pending = workId === undefined ? undefined : run.snapshot.pending[workId];
  if (!workId || !pending) return;
  delete run.snapshot.pending[workId];
  const { childExecutionArn } = pending;
  run.commands.push({ type: 'CancelWork', workId, ...(childExecutionArn ? { childExecutionArn } : {}) });
}

export function getScope(run: InterpreterRun, id: string): Scope {
  const scope = run.snapshot.scopes[id];
  if (!scope) throw new Error(`scope '${id}' not found`);
  return scope;
}

export function activeState(scope: Scope): ActiveState {
  if (!scope.current) throw new Error(`scope '${scope.id}' has no active state`);
  return scope.current;
}

export function currentDefinition(run: InterpreterRun, scope: Scope): StateDefinition {
  return lookupState(run.index, scope.states, activeState(scope).name);
}

export function stringify(value: unknown): string {
  return JSON.stringify(value === undefined ? null : value);
}

export function payloadDetails(field: 'input' | 'output', value: unknown): Record<string, unknown> {
  return { [field]: stringify(value), [`${field}Details`]: { truncated: false } };
}
