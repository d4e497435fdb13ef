import type { MapState, ParallelState } from '../definition/asl-types.js';
import type { Json } from '../json.js';
import { evaluateAssign } from './assignments.js';
import { stateData } from './context-object.js';
import { jsonataField, usesJsonata } from './query-language.js';
import { activeState, nextId, type InterpreterRun } from './interpreter-run.js';
import { applyOutputPath, applyResultPath, applyTemplate } from './io-processing.js';
import { rememberStoppedChildren } from './resume-point.js';
import type { ChildrenProgress, Scope } from './snapshot.js';
import { abortScope, enterState, exitState } from './state-flow.js';

/** Opens a branch or iteration scope under `parent` and queues its first state. */
export function startChildScope(
  run: InterpreterRun,
  parent: Scope,
  index: number,
  statesKey: string,
  startAt: string,
  input: Json,
  firstEventPredecessor: number,
): void {
  const child: Scope = {
    id: nextId(run, 's'),
    parent: parent.id,
    index,
    states: statesKey,
    lastEventId: firstEventPredecessor,
  };
  run.snapshot.scopes[child.id] = child;
  childrenOf(parent).running.push(child.id);
  run.queue.push(() => enterState(run, child, startAt, input));
}

export function childrenOf(scope: Scope): ChildrenProgress {
  const children = activeState(scope).children;
  if (!children) throw new Error(`state '${activeState(scope).name}' has no children`);
  return children;
}

/** Records a finished child's output; returns true when every child has finished. */
export function recordChildOutput(scope: Scope, child: Scope, output: Json): boolean {
  const children = childrenOf(scope);
  children.running = children.running.filter((id) => id !== child.id);
  children.results[child.index ?? 0] = output;
  children.finished += 1;
  return children.finished === children.results.length;
}

/** Aborts the children still running (a sibling failed); what they were is remembered for a redrive. */
export function abortRunningChildren(run: InterpreterRun, scope: Scope, onAbort?: (child: Scope) => void): void {
  rememberStoppedChildren(run, scope);
  const children = childrenOf(scope);
  for (const id of children.running) {
    const child = run.snapshot.scopes[id];
    if (!child) continue;
    abortScope(run, child);
    onAbort?.(child);
  }
  children.running = [];
}

/** ResultSelector -> ResultPath -> OutputPath over the children's results, then leaves the state. */
export async function exitWithResults(
  run: InterpreterRun,
  scope: Scope,
  state: ParallelState | MapState,
): Promise<void> {
  const active = activeState(scope);
  const results = childrenOf(scope).results;
  active.children = undefined;
  const context = stateData(run, scope);
  if (usesJsonata(run, state)) {
    const states = { input: active.input, result: results };
    const assigned = await evaluateAssign(run, state.Assign, true, context, states, results);
    exitState(
      run,
      scope,
      await jsonataField(run, context, states, 'Output', state.Output, results),
      undefined,
      assigned,
    );
    return;
  }
  const selected = applyTemplate('ResultSelector', state.ResultSelector, results, context, run.ctx);
  const assigned = await evaluateAssign(
    run,
    state.Assign,
    false,
    context,
    { input: active.input, result: selected },
    selected,
  );
  const merged = applyResultPath(state.ResultPath, active.input, selected);
  exitState(run, scope, applyOutputPath(state.OutputPath, merged, context), undefined, assigned);
}
