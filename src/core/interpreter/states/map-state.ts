import type { MapState } from '../../definition/asl-types.js';
import type { Json } from '../../json.js';
import { StatesError } from '../../states-error.js';
import {
  abortRunningChildren,
  childrenOf,
  exitWithResults,
  recordChildOutput,
  startChildScope,
} from '../child-scopes.js';
import { stateData } from '../context-object.js';
import { handleStateError } from '../error-handling.js';
import { activeState, emitEvent, type InterpreterRun } from '../interpreter-run.js';
import { applyTemplate } from '../io-processing.js';
import { jsonataField, usesJsonata } from '../query-language.js';
import { resumeScopes } from '../resume-point.js';
import type { Scope } from '../snapshot.js';
import type { StateHandler } from '../state-handler.js';
import { exceedsTolerance, mapSettings } from './map-settings.js';

async function attempt(run: InterpreterRun, scope: Scope, state: MapState): Promise<void> {
  const active = activeState(scope);
  const settings = await mapSettings(run, state, active.input, stateData(run, scope));
  const { items } = settings;
  emitEvent(run, scope, 'MapStateStarted', { length: items.length });
  active.children = {
    running: [],
    results: items.map(() => null),
    finished: 0,
    items,
    nextIndex: 0,
    maxConcurrency: settings.maxConcurrency,
    selectorInput: settings.selectorInput,
    failed: 0,
    ...(settings.toleratedCount !== undefined ? { toleratedCount: settings.toleratedCount } : {}),
    ...(settings.toleratedPercentage !== undefined ? { toleratedPercentage: settings.toleratedPercentage } : {}),
  };
  if (items.length === 0) {
    emitEvent(run, scope, 'MapStateSucceeded');
    await exitWithResults(run, scope, state);
    return;
  }
  await startIterations(run, scope, state);
}

/** One item's input: ItemSelector (JSONPath template or JSONata) with `$$.Map.Item`, else the item. */
async function itemInput(
  run: InterpreterRun,
  scope: Scope,
  state: MapState,
  index: number,
  value: Json,
): Promise<Json> {
  const selector = state.ItemSelector ?? state.Parameters;
  if (selector === undefined) return value;
  const data = stateData(run, scope, { mapItem: { index, value } });
  const input = childrenOf(scope).selectorInput ?? null;
  if (usesJsonata(run, state)) return jsonataField(run, data, { input }, 'ItemSelector', selector, value);
  return applyTemplate('ItemSelector', selector, input, data, run.ctx);
}

async function startIterations(run: InterpreterRun, scope: Scope, state: MapState): Promise<void> {
  const active = activeState(scope);
  const children = childrenOf(scope);
  const items = children.items ?? [];
  const processor = state.ItemProcessor ?? state.Iterator;
  if (!processor) throw new StatesError('States.Runtime', `Map state '${active.name}' has no ItemProcessor.`);
  while ((children.nextIndex ?? 0) < items.length) {
    if ((children.maxConcurrency ?? 0) > 0 && children.running.length >= (children.maxConcurrency ?? 0)) return;
    const index = children.nextIndex ?? 0;
    children.nextIndex = index + 1;
    const input = await itemInput(run, scope, state, index, items[index] ?? null);
    const startedId = emitEvent(run, scope, 'MapIterationStarted', { name: active.name, index });
    startChildScope(run, scope, index, active.name, processor.StartAt, input, startedId);
  }
}

async function onTimer(run: InterpreterRun, scope: Scope, state: MapState): Promise<void> {
  activeState(scope).timerId = undefined;
  await attempt(run, scope, state);
}

async function afterIteration(run: InterpreterRun, scope: Scope, state: MapState, done: boolean): Promise<void> {
  if (!done) {
    await startIterations(run, scope, state);
    return;
  }
  emitEvent(run, scope, 'MapStateSucceeded');
  await exitWithResults(run, scope, state);
}

async function onChildSucceeded(
  run: InterpreterRun,
  scope: Scope,
  state: MapState,
  child: Scope,
  output: Json,
): Promise<void> {
  emitEvent(run, scope, 'MapIterationSucceeded', { name: activeState(scope).name, index: child.index ?? 0 });
  await afterIteration(run, scope, state, recordChildOutput(scope, child, output));
}

/**
 * A failed iteration within the tolerated failures leaves its error output as its result; beyond
 * them the Map fails: with the iteration's error when no tolerance is configured, else with
 * States.ExceedToleratedFailureThreshold. Either way the other iterations are aborted.
 */
async function onChildFailed(
  run: InterpreterRun,
  scope: Scope,
  state: MapState,
  child: Scope,
  error: string | undefined,
  cause: string | undefined,
): Promise<void> {
  const name = activeState(scope).name;
  const children = childrenOf(scope);
  emitEvent(run, scope, 'MapIterationFailed', { name, index: child.index ?? 0 });
  children.failed = (children.failed ?? 0) + 1;
  const tolerance = [children.toleratedCount, children.toleratedPercentage] as const;
  if (!exceedsTolerance(children.failed, children.results.length, ...tolerance)) {
    // Kept as it stopped: a redrive of the execution runs it again (AWS redrives failed iterations).
    children.failedIterations = { ...children.failedIterations, ...resumeScopes(run, child.id) };
    const done = recordChildOutput(scope, child, { Error: error ?? 'States.TaskFailed', Cause: cause ?? '' });
    await afterIteration(run, scope, state, done);
    return;
  }
  abortRunningChildren(run, scope, (aborted) => {
    emitEvent(run, scope, 'MapIterationAborted', { name, index: aborted.index ?? 0 });
  });
  activeState(scope).children = undefined;
  emitEvent(run, scope, 'MapStateFailed');
  const configured = tolerance.some((limit) => limit !== undefined);
  if (!configured) return handleStateError(run, scope, error ?? 'States.TaskFailed', cause ?? '');
  handleStateError(
    run,
    scope,
    'States.ExceedToleratedFailureThreshold',
    'The specified tolerated failure threshold was exceeded.',
  );
}

export const mapStateHandler: StateHandler<MapState> = {
  enter: attempt,
  attempt,
  onTimer,
  onChildSucceeded,
  onChildFailed,
  abortedEvent: 'MapStateAborted',
};
