import type { SucceedState } from '../../definition/asl-types.js';
import { stateData } from '../context-object.js';
import { activeState, type InterpreterRun } from '../interpreter-run.js';
import { applyInputPath, applyOutputPath } from '../io-processing.js';
import { jsonataField, usesJsonata } from '../query-language.js';
import type { Scope } from '../snapshot.js';
import type { StateHandler } from '../state-handler.js';
import { exitState } from '../state-flow.js';

async function enter(run: InterpreterRun, scope: Scope, state: SucceedState): Promise<void> {
  const { input } = activeState(scope);
  const data = stateData(run, scope);
  if (usesJsonata(run, state)) {
    exitState(run, scope, await jsonataField(run, data, { input }, 'Output', state.Output, input));
    return;
  }
  const effectiveInput = applyInputPath(state.InputPath, input, data);
  exitState(run, scope, applyOutputPath(state.OutputPath, effectiveInput, data));
}

export const succeedStateHandler: StateHandler<SucceedState> = { enter };
