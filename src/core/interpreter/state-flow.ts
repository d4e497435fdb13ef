import type { StateDefinition } from '../definition/asl-types.js';
import type { Json } from '../json.js';
import { StatesError } from '../states-error.js';
import { applyAssignments, type Assignments } from './assignments.js';
import { handleStateError } from './error-handling.js';
import {
  activeState,
  cancelWork,
  currentDefinition,
  emitEvent,
  getScope,
  payloadDetails,
  stringify,
  type InterpreterRun,
} from './interpreter-run.js';
import { dataLimitExceeded, exceedsBytes } from './data-limits.js';
import { rememberStoppedScope, resumeScopes } from './resume-point.js';
import type { Scope, SnapshotStatus } from './snapshot.js';
import { stateHandlers } from './state-handlers.js';
import { lookupState } from './state-index.js';

/** Records `<Type>StateEntered` and starts the state. */
export async function enterState(run: InterpreterRun, scope: Scope, name: string, input: Json): Promise<void> {
  if (!isAlive(run, scope)) return;
  const state = lookupState(run.index, scope.states, name);
  delete scope.leaving;
  scope.current = { name, input, enteredEventId: 0, enteredTime: run.ctx.now, retryCounts: [], retryCount: 0 };
  scope.current.enteredEventId = emitEvent(run, scope, `${state.Type}StateEntered`, {
    name,
    ...payloadDetails('input', input),
  });
  await guarded(run, scope, () => stateHandlers[state.Type].enter(run, scope, state as never));
}

/** False once a scope was aborted or the execution ended: its queued steps no longer apply. */
export function isAlive(run: InterpreterRun, scope: Scope): boolean {
  return run.snapshot.scopes[scope.id] === scope;
}

/** Runs `step` for the scope's active state; a StatesError becomes that state's failure. */
export async function guarded(run: InterpreterRun, scope: Scope, step: () => void | Promise<void>): Promise<void> {
  try {
    await step();
  } catch (error) {
    if (!(error instanceof StatesError)) throw error;
    const cause = causeInState(scope, error);
    recordEvaluationFailure(run, scope, error.error, cause);
    handleStateError(run, scope, error.error, cause);
  }
}

/**
 * A JSONata failure is recorded as AWS records it, with an `EvaluationFailed` event (error, cause, the
 * field as `location`, the state) before the state fails; Retry and Catch then apply as usual.
 */
function recordEvaluationFailure(run: InterpreterRun, scope: Scope, error: string, cause: string): void {
  const state = scope.current?.name;
  if (error !== 'States.QueryEvaluationError' || state === undefined) return;
  const location = /specified for the field '([^']+)'/.exec(cause)?.[1];
  emitEvent(run, scope, 'EvaluationFailed', { error, cause, ...(location === undefined ? {} : { location }), state });
}

/** A JSONata failure's cause as AWS words it: prefixed with the state and the event that entered it. */
export function causeInState(scope: Scope, error: StatesError): string {
  const active = scope.current;
  if (error.error !== 'States.QueryEvaluationError' || !active || error.cause.startsWith('An error occurred')) {
    return error.cause;
  }
  return `An error occurred while executing the state '${active.name}' (entered at the event id #${active.enteredEventId}). ${error.cause}`;
}

/** Records `<Type>StateExited` and moves to `next` (or the state's Next), or ends the scope. */
export function exitState(
  run: InterpreterRun,
  scope: Scope,
  output: Json,
  next?: string,
  assignments?: Assignments,
): void {
  const state = currentDefinition(run, scope);
  const { name } = activeState(scope);
  const text = stringify(output);
  if (exceedsBytes(text)) {
    failOverLimit(run, name);
    return;
  }
  emitEvent(run, scope, `${state.Type}StateExited`, {
    name,
    output: text,
    outputDetails: { truncated: false },
    ...applyAssignments(scope, assignments),
  });
  const target = next ?? state.Next;
  scope.current = undefined;
  if (target === undefined || state.Type === 'Succeed') {
    scope.leaving = { output };
    run.queue.push(() => finishScope(run, scope, output));
    return;
  }
  scope.leaving = { output, next: target };
  run.queue.push(() => enterState(run, scope, target, output));
}

/** A state output over 256 KiB is terminal, as AWS: the execution fails, no Catch applies. */
export function failOverLimit(run: InterpreterRun, stateName: string): void {
  const { error, cause } = dataLimitExceeded(stateName);
  finishExecution(run, 'FAILED', { error, cause });
}

/** The scope ran its last state: the execution succeeds, or the enclosing Parallel/Map learns of it. */
export async function finishScope(run: InterpreterRun, scope: Scope, output: Json): Promise<void> {
  if (!isAlive(run, scope)) return;
  delete scope.leaving;
  if (scope.parent === undefined) {
    finishExecution(run, 'SUCCEEDED', { output });
    return;
  }
  const parent = getScope(run, scope.parent);
  const state = currentDefinition(run, parent);
  const handler = stateHandlers[state.Type];
  delete run.snapshot.scopes[scope.id];
  await guarded(run, parent, () => handler.onChildSucceeded?.(run, parent, state as never, scope, output));
}

/** The scope ends in failure: the execution fails, or the enclosing Parallel/Map learns of it. */
export function failScope(
  run: InterpreterRun,
  scope: Scope,
  error: string | undefined,
  cause: string | undefined,
): void {
  if (isAlive(run, scope)) rememberStoppedScope(run, scope);
  scope.current = undefined;
  if (!isAlive(run, scope)) return;
  if (scope.parent === undefined) {
    finishExecution(run, 'FAILED', { error, cause });
    return;
  }
  const parent = getScope(run, scope.parent);
  const state = currentDefinition(run, parent);
  delete run.snapshot.scopes[scope.id];
  // The parent reacts right after the current step, before anything else queued (siblings included).
  run.queue.unshift(() =>
    guarded(run, parent, () =>
      stateHandlers[state.Type].onChildFailed?.(run, parent, state as never, scope, error, cause),
    ),
  );
}

/** Stops a scope and everything below it: cancels its work and records `<Type>StateAborted`. */
export function abortScope(run: InterpreterRun, scope: Scope): void {
  const active = scope.current;
  if (active) {
    for (const childId of active.children?.running ?? []) {
      const child = run.snapshot.scopes[childId];
      if (child) abortScope(run, child);
    }
    cancelWork(run, active.taskId);
    cancelWork(run, active.timeoutId);
    cancelWork(run, active.timerId);
    const state: StateDefinition = currentDefinition(run, scope);
    const aborted = stateHandlers[state.Type].abortedEvent;
    if (aborted) emitEvent(run, scope, aborted);
  }
  rememberStoppedScope(run, scope);
  scope.current = undefined;
  if (scope.parent !== undefined) delete run.snapshot.scopes[scope.id];
}

interface FinishFields {
  output?: Json;
  error?: string;
  cause?: string;
}

const finishEventTypes: Record<Exclude<SnapshotStatus, 'RUNNING'>, string> = {
  SUCCEEDED: 'ExecutionSucceeded',
  FAILED: 'ExecutionFailed',
  TIMED_OUT: 'ExecutionTimedOut',
  ABORTED: 'ExecutionAborted',
};

/** Ends the execution: cancels all outstanding work and records the closing event. */
export function finishExecution(
  run: InterpreterRun,
  status: Exclude<SnapshotStatus, 'RUNNING'>,
  fields: FinishFields,
): void {
  const { snapshot } = run;
  for (const workId of Object.keys(snapshot.pending)) cancelWork(run, workId);
  const root = snapshot.scopes.r;
  // Unsuccessful executions keep where they stopped, for RedriveExecution.
  const resume = status === 'SUCCEEDED' ? {} : resumeScopes(run, 'r');
  snapshot.status = status;
  snapshot.stopTime = run.ctx.now;
  snapshot.scopes = resume;
  run.queue.length = 0;
  const details: Record<string, unknown> =
    status === 'SUCCEEDED' ? payloadDetails('output', fields.output) : errorDetails(fields.error, fields.cause);
  if (status === 'SUCCEEDED') snapshot.output = fields.output ?? null;
  else {
    if (fields.error !== undefined) snapshot.error = fields.error;
    if (fields.cause !== undefined) snapshot.cause = fields.cause;
  }
  const closingId = emitEvent(run, root, finishEventTypes[status], details);
  if (resume.r) resume.r.lastEventId = closingId;
}

export function errorDetails(error: string | undefined, cause: string | undefined): Record<string, unknown> {
  const details: Record<string, unknown> = {};
  if (error !== undefined) details.error = error;
  if (cause !== undefined) details.cause = cause;
  return details;
}
