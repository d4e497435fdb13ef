import type { PassState } from '../../definition/asl-types.js';
import { stateData } from '../context-object.js';
import { activeState, type InterpreterRun } from '../interpreter-run.js';
import { applyInputPath, applyOutputPath, applyResultPath, applyTemplate } from '../io-processing.js';
import type { Scope } from '../snapshot.js';
import { evaluateAssign } from '../assignments.js';
import { jsonataField, usesJsonata } from '../query-language.js';
import type { StateHandler } from '../state-handler.js';
import { exitState } from '../state-flow.js';

async function enter(run: InterpreterRun, scope: Scope, state: PassState): Promise<void> {
  const { input } = activeState(scope);
  const context = stateData(run, scope);
  if (usesJsonata(run, state)) {
    const states = { input };
    const assigned = await evaluateAssign(run, state.Assign, true, context, states, input);
    exitState(run, scope, await jsonataField(run, context, states, 'Output', state.Output, input), undefined, assigned);
    return;
  }
  const effectiveInput = applyInputPath(state.InputPath, input, context);
  const result =
    state.Parameters !== undefined
      ? applyTemplate('Parameters', state.Parameters, effectiveInput, context, run.ctx)
      : (state.Result ?? effectiveInput);
  const assigned = await evaluateAssign(run, state.Assign, false, context, { input, result }, result);
  const merged = applyResultPath(state.ResultPath, input, result);
  exitState(run, scope, applyOutputPath(state.OutputPath, merged, context), undefined, assigned);
}

export const passStateHandler: StateHandler<PassState> = { enter };
