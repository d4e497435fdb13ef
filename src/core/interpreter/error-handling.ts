import type { Catcher, Retrier, StateDefinition } from '../definition/asl-types.js';
import type { Json } from '../json.js';
import { StatesError } from '../states-error.js';
import { applyResultPath } from './io-processing.js';
import {
  activeState,
  currentDefinition,
  emitEvent,
  payloadDetails,
  scheduleTimer,
  stringify,
  type InterpreterRun,
} from './interpreter-run.js';
import type { Scope } from './snapshot.js';
import { applyAssignments, evaluateAssign, type Assignments } from './assignments.js';
import { stateData } from './context-object.js';
import { jsonataField, usesJsonata } from './query-language.js';
import { causeInState, enterState, failOverLimit, failScope } from './state-flow.js';
import { exceedsBytes } from './data-limits.js';

/**
 * Errors that no Retry or Catch may handle, not even States.ALL. States.DataLimitExceeded is caught
 * when a task result or an Assign is over the limit (AWS-recorded); an oversized state output is
 * terminal and fails the execution without reaching a Catch (`failOverLimit`).
 */
const UNCATCHABLE = new Set(['States.Runtime']);

export function errorMatches(errorEquals: readonly string[], error: string): boolean {
  if (UNCATCHABLE.has(error)) return false;
  return errorEquals.some(
    (name) => name === error || name === 'States.ALL' || (name === 'States.TaskFailed' && error !== 'States.Timeout'),
  );
}

/** The back-off before retry number `attempt` (1-based) of a retrier, in ms. */
export function retryDelayMs(retrier: Retrier, attempt: number, random: () => number): number {
  const interval = retrier.IntervalSeconds ?? 1;
  const rate = retrier.BackoffRate ?? 2;
  let seconds = interval * Math.pow(rate, attempt - 1);
  if (retrier.MaxDelaySeconds !== undefined) seconds = Math.min(seconds, retrier.MaxDelaySeconds);
  if (retrier.JitterStrategy === 'FULL') seconds = random() * seconds;
  return Math.round(seconds * 1000);
}

function retriersOf(state: StateDefinition): Retrier[] {
  return state.Type === 'Task' || state.Type === 'Parallel' || state.Type === 'Map' ? (state.Retry ?? []) : [];
}

function catchersOf(state: StateDefinition): Catcher[] {
  return state.Type === 'Task' || state.Type === 'Parallel' || state.Type === 'Map' ? (state.Catch ?? []) : [];
}

/**
 * A state failed with `error`: retry it (first matching retrier, each with its own
 * attempt counter), else take the first matching catcher, else fail the scope.
 */
export function handleStateError(run: InterpreterRun, scope: Scope, error: string, cause: string): void {
  const state = currentDefinition(run, scope);
  const active = activeState(scope);
  const retriers = retriersOf(state);
  const retryIndex = retriers.findIndex((retrier) => errorMatches(retrier.ErrorEquals, error));
  const retrier = retriers[retryIndex];
  if (retrier) {
    const used = active.retryCounts[retryIndex] ?? 0;
    if (used < (retrier.MaxAttempts ?? 3)) {
      active.retryCounts[retryIndex] = used + 1;
      active.retryCount += 1;
      const delay = retryDelayMs(retrier, used + 1, run.ctx.random);
      active.timerId = scheduleTimer(run, scope, 'retry', run.ctx.now + delay);
      return;
    }
  }
  const catcher = catchersOf(state).find((candidate) => errorMatches(candidate.ErrorEquals, error));
  if (!catcher) {
    failScope(run, scope, error, cause);
    return;
  }
  takeCatcher(run, scope, state, catcher, { Error: error, Cause: cause });
}

function takeCatcher(
  run: InterpreterRun,
  scope: Scope,
  state: StateDefinition,
  catcher: Catcher,
  errorOutput: Json,
): void {
  // Catcher fields may hold JSONata expressions (async): run as the very next step.
  run.queue.unshift(() =>
    catcherOutput(run, scope, state, catcher, errorOutput).then(
      ({ output, assigned }) => {
        const active = activeState(scope);
        if (exceedsBytes(stringify(output))) {
          failOverLimit(run, active.name);
          return;
        }
        emitEvent(run, scope, `${state.Type}StateExited`, {
          name: active.name,
          ...payloadDetails('output', output),
          ...applyAssignments(scope, assigned),
        });
        scope.current = undefined;
        scope.leaving = { output, next: catcher.Next };
        run.queue.push(() => enterState(run, scope, catcher.Next, output));
      },
      (failure: unknown) => {
        if (!(failure instanceof StatesError)) throw failure;
        failScope(run, scope, failure.error, causeInState(scope, failure));
      },
    ),
  );
}

/** The state's output after a catch: JSONPath ResultPath, or JSONata Output (default: the error output). */
async function catcherOutput(
  run: InterpreterRun,
  scope: Scope,
  state: StateDefinition,
  catcher: Catcher,
  errorOutput: Json,
): Promise<{ output: Json; assigned: Assignments | undefined }> {
  const { input } = activeState(scope);
  const data = stateData(run, scope);
  const jsonata = usesJsonata(run, state);
  const states = { input, errorOutput };
  const assigned = await evaluateAssign(run, catcher.Assign, jsonata, data, states, errorOutput);
  const output = jsonata
    ? await jsonataField(run, data, states, 'Output', catcher.Output, errorOutput)
    : applyResultPath(catcher.ResultPath, input, errorOutput);
  return { output, assigned };
}
