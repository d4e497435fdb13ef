import type { StateMachineDefinition } from '../definition/asl-types.js';
import { cloneJson, type Json } from '../json.js';
import type { Command } from './command.js';
import type { ExecutionEvent } from './execution-event.js';
import type { HistoryEvent } from './history-event.js';
import {
  currentDefinition,
  emitEvent,
  HISTORY_HEADROOM,
  MAX_HISTORY_EVENTS,
  payloadDetails,
  scheduleTimer,
  type InterpreterRun,
} from './interpreter-run.js';
import type { ParentExecution, Scope, Snapshot } from './snapshot.js';
import { redrive, redriveProblem } from './redrive.js';
import { enterState, finishExecution, guarded } from './state-flow.js';
import { stateHandlers } from './state-handlers.js';
import { indexDefinition } from './state-index.js';
import type { TransitionContext } from './transition-context.js';

export interface TransitionResult {
  snapshot: Snapshot;
  events: HistoryEvent[];
  commands: Command[];
  /** True when the event no longer applied (a stale task result, a finished execution): nothing changed. */
  ignored: boolean;
}

/**
 * The pure interpreter: given a definition, the current snapshot (undefined before the
 * execution starts) and one event, computes the next snapshot, the history events to
 * append and the commands for the engine to carry out. It performs no I/O.
 */
export interface TransitionOptions {
  /**
   * The caller hands the snapshot over and will not read it again: it is updated in place
   * instead of copied first (the engine's hot path; pure callers leave this off).
   */
  consumeSnapshot?: boolean;
}

export async function transition(
  definition: StateMachineDefinition,
  snapshot: Snapshot | undefined,
  event: ExecutionEvent,
  ctx: TransitionContext,
  options: TransitionOptions = {},
): Promise<TransitionResult> {
  if (event.type === 'StartExecution') {
    if (snapshot) return unchanged(snapshot);
    return drive(definition, initialSnapshot(ctx, event.parent), ctx, (run) => start(run, event.input));
  }
  if (event.type === 'RedriveExecution') {
    if (!snapshot || redriveProblem(snapshot, ctx.now) !== undefined) return unchanged(snapshot);
    const copy = options.consumeSnapshot ? snapshot : (cloneJson(snapshot as unknown as Json) as unknown as Snapshot);
    return drive(definition, copy, ctx, (run) => redrive(run, event.clientToken));
  }
  if (!snapshot || snapshot.status !== 'RUNNING') return unchanged(snapshot);
  if (!applies(snapshot, event)) return unchanged(snapshot);
  const working = options.consumeSnapshot ? snapshot : (cloneJson(snapshot as unknown as Json) as unknown as Snapshot);
  return drive(definition, working, ctx, (run) => dispatch(run, event));
}

function unchanged(snapshot: Snapshot | undefined): TransitionResult {
  if (!snapshot) throw new Error('an execution must start with a StartExecution event');
  return { snapshot, events: [], commands: [], ignored: true };
}

function initialSnapshot(ctx: TransitionContext, parent: ParentExecution | undefined): Snapshot {
  return {
    ...(parent ? { parent } : {}),
    status: 'RUNNING',
    startTime: ctx.now,
    nextEventId: 1,
    seq: 0,
    scopes: { r: { id: 'r', states: '', lastEventId: 0 } },
    pending: {},
  };
}

/** Whether the event still concerns the execution: its task or timer is still awaited. */
function applies(snapshot: Snapshot, event: ExecutionEvent): boolean {
  if (event.type === 'StartExecution' || event.type === 'RedriveExecution') return false;
  if (event.type === 'StopExecution') return true;
  if (event.type === 'TimerFired') return snapshot.pending[event.timerId] !== undefined;
  return snapshot.pending[event.taskId]?.purpose === 'task';
}

async function drive(
  definition: StateMachineDefinition,
  snapshot: Snapshot,
  ctx: TransitionContext,
  first: (run: InterpreterRun) => void | Promise<void>,
): Promise<TransitionResult> {
  const run: InterpreterRun = {
    definition,
    index: indexDefinition(definition),
    snapshot,
    ctx,
    events: [],
    commands: [],
    queue: [],
    stopped: { scopes: {}, children: {} },
  };
  await first(run);
  for (let step = run.queue.shift(); step; step = run.queue.shift()) {
    await step();
    if (snapshot.status === 'RUNNING' && snapshot.nextEventId + HISTORY_HEADROOM > MAX_HISTORY_EVENTS) {
      snapshot.notRedrivable = 'Execution history event limit exceeded';
      finishExecution(run, 'FAILED', {
        error: 'States.Runtime',
        cause: `The execution reached the limit of ${MAX_HISTORY_EVENTS} history events.`,
      });
    }
  }
  return { snapshot, events: run.events, commands: run.commands, ignored: false };
}

function start(run: InterpreterRun, input: Json): void {
  const root = run.snapshot.scopes.r as Scope;
  emitEvent(run, undefined, 'ExecutionStarted', {
    ...payloadDetails('input', input),
    roleArn: run.ctx.roleArn ?? '',
  });
  if (run.definition.TimeoutSeconds !== undefined) {
    scheduleTimer(run, root, 'execution-timeout', run.ctx.now + run.definition.TimeoutSeconds * 1000);
  }
  run.queue.push(() => enterState(run, root, run.definition.StartAt, input));
}

async function dispatch(
  run: InterpreterRun,
  event: Exclude<ExecutionEvent, { type: 'StartExecution' | 'RedriveExecution' }>,
): Promise<void> {
  if (event.type === 'StopExecution') {
    finishExecution(run, 'ABORTED', { error: event.error, cause: event.cause });
    return;
  }
  const workId = event.type === 'TimerFired' ? event.timerId : event.taskId;
  const pending = run.snapshot.pending[workId];
  if (!pending) return;
  // A submitted, heartbeating or started (activity) task is still awaited; anything else consumes its pending entry.
  if (event.type !== 'TaskSubmitted' && event.type !== 'TaskHeartbeat' && event.type !== 'ActivityStarted')
    delete run.snapshot.pending[workId];
  if (pending.purpose === 'execution-timeout') {
    const seconds = run.definition.TimeoutSeconds ?? 0;
    finishExecution(run, 'TIMED_OUT', {
      error: 'States.Timeout',
      cause: `The execution ran longer than ${seconds} seconds.`,
    });
    return;
  }
  const scope = run.snapshot.scopes[pending.scope];
  if (!scope?.current) return;
  const state = currentDefinition(run, scope);
  const handler = stateHandlers[state.Type];
  await guarded(run, scope, () =>
    event.type === 'TimerFired'
      ? handler.onTimer?.(run, scope, state as never, pending.purpose)
      : handler.onTaskResult?.(run, scope, state as never, event),
  );
}
