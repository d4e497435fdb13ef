import type { ParallelState } from '../../definition/asl-types.js';
import { abortRunningChildren, exitWithResults, recordChildOutput, startChildScope } from '../child-scopes.js';
import { stateData } from '../context-object.js';
import { handleStateError } from '../error-handling.js';
import { activeState, emitEvent, type InterpreterRun } from '../interpreter-run.js';
import { applyInputPath, applyTemplate } from '../io-processing.js';
import type { Scope } from '../snapshot.js';
import { jsonataField, usesJsonata } from '../query-language.js';
import type { StateHandler } from '../state-handler.js';

async function attempt(run: InterpreterRun, scope: Scope, state: ParallelState): Promise<void> {
  const active = activeState(scope);
  const context = stateData(run, scope);
  const branchInput = usesJsonata(run, state)
    ? await jsonataField(run, context, { input: active.input }, 'Arguments', state.Arguments, active.input)
    : applyTemplate(
        'Parameters',
        state.Parameters,
        applyInputPath(state.InputPath, active.input, context),
        context,
        run.ctx,
      );
  const startedId = emitEvent(run, scope, 'ParallelStateStarted');
  active.children = { running: [], results: state.Branches.map(() => null), finished: 0 };
  state.Branches.forEach((branch, index) => {
    startChildScope(run, scope, index, `${active.name}#${index}`, branch.StartAt, branchInput, startedId);
  });
}

async function onTimer(run: InterpreterRun, scope: Scope, state: ParallelState): Promise<void> {
  activeState(scope).timerId = undefined;
  await attempt(run, scope, state);
}

async function onChildSucceeded(
  run: InterpreterRun,
  scope: Scope,
  state: ParallelState,
  child: Scope,
  output: never,
): Promise<void> {
  if (!recordChildOutput(scope, child, output)) return;
  emitEvent(run, scope, 'ParallelStateSucceeded');
  await exitWithResults(run, scope, state);
}

function onChildFailed(
  run: InterpreterRun,
  scope: Scope,
  _state: ParallelState,
  _child: Scope,
  error: string | undefined,
  cause: string | undefined,
): void {
  abortRunningChildren(run, scope);
  activeState(scope).children = undefined;
  emitEvent(run, scope, 'ParallelStateFailed');
  handleStateError(run, scope, error ?? 'States.BranchFailed', cause ?? '');
}

export const parallelStateHandler: StateHandler<ParallelState> = {
  enter: attempt,
  attempt,
  onTimer,
  onChildSucceeded,
  onChildFailed,
  abortedEvent: 'ParallelStateAborted',
};
