import type { FailState } from '../../definition/asl-types.js';
import { evaluateIntrinsic } from '../../data/intrinsic-function.js';
import { readPath } from '../../data/json-path.js';
import type { Json } from '../../json.js';
import { stateData } from '../context-object.js';
import { activeState, type InterpreterRun } from '../interpreter-run.js';
import type { Scope } from '../snapshot.js';
import { jsonataField, usesJsonata } from '../query-language.js';
import type { StateHandler } from '../state-handler.js';
import { failScope } from '../state-flow.js';

function asText(value: Json): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

async function enter(run: InterpreterRun, scope: Scope, state: FailState): Promise<void> {
  const context = stateData(run, scope);
  const input = activeState(scope).input;
  if (usesJsonata(run, state)) {
    const text = async (field: 'Error' | 'Cause'): Promise<string | undefined> => {
      const value = await jsonataField(run, context, { input }, field, state[field], null);
      return value === null ? undefined : asText(value);
    };
    failScope(run, scope, await text('Error'), await text('Cause'));
    return;
  }
  // ErrorPath/CausePath: a reference path, or an intrinsic function (since Sep 2023).
  const read = (path: string, what: string): string =>
    asText(
      path.startsWith('$')
        ? readPath(path, { input, ...context }, { error: 'States.Runtime', what })
        : evaluateIntrinsic(path, { input, ...context }, run.ctx),
    );
  const error = state.ErrorPath !== undefined ? read(state.ErrorPath, 'ErrorPath') : state.Error;
  const cause = state.CausePath !== undefined ? read(state.CausePath, 'CausePath') : state.Cause;
  failScope(run, scope, error, cause);
}

export const failStateHandler: StateHandler<FailState> = { enter };
