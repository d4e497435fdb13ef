import { isJsonObject, type Json, type JsonObject } from '../json.js';
import type { StateType } from './asl-types.js';
import { checkCommonFields } from './common-field-checks.js';
import { checkAllowedFields, report } from './field-checks.js';
import { STATE_FIELDS, type QueryLanguage } from './state-fields.js';
import { validateChoiceState } from './validate-choice-state.js';
import { validateFailState } from './validate-fail-state.js';
import { validateMapState } from './validate-map-state.js';
import { validateParallelState } from './validate-parallel-state.js';
import { validateTaskState } from './validate-task-state.js';
import { validateWaitState } from './validate-wait-state.js';
import type { NodeInput, StateInput, ValidationContext } from './validation-context.js';

const MAX_STATE_NAME = 80;
const QUERY_LANGUAGES: readonly QueryLanguage[] = ['JSONPath', 'JSONata'];

/** The checks of each state type beyond the common fields (Pass and Succeed have none of their own). */
const STATE_VALIDATORS: Readonly<Record<StateType, (input: StateInput) => void>> = {
  Task: validateTaskState,
  Pass: () => undefined,
  Choice: validateChoiceState,
  Wait: validateWaitState,
  Succeed: () => undefined,
  Fail: validateFailState,
  Parallel: validateParallelState,
  Map: validateMapState,
};

function isStateType(value: Json | undefined): value is StateType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(STATE_VALIDATORS, value);
}

function checkStateName(ctx: ValidationContext, name: string, path: string): void {
  if (name.length === 0 || [...name].length > MAX_STATE_NAME) {
    ctx.problems.add(path, `state name '${name}' must be 1 to ${MAX_STATE_NAME} characters long`);
  }
  const earlier = ctx.stateNames.get(name);
  if (earlier !== undefined) {
    ctx.problems.add(
      path,
      `state name '${name}' is already used at ${earlier}; names must be unique in the whole machine`,
    );
  } else {
    ctx.stateNames.set(name, path);
  }
}

/** The state's query language: its own QueryLanguage, else the machine's (not the enclosing state's). */
export function checkQueryLanguage(input: NodeInput, machineLanguage: QueryLanguage): QueryLanguage {
  const value = input.node.QueryLanguage;
  if (value === undefined) {
    return machineLanguage;
  }
  if (!QUERY_LANGUAGES.includes(value as QueryLanguage)) {
    report(input, 'QueryLanguage', 'QueryLanguage must be JSONPath or JSONata');
    return machineLanguage;
  }
  if (value === 'JSONPath' && machineLanguage === 'JSONata') {
    report(input, 'QueryLanguage', 'a JSONPath state cannot be used in a JSONata state machine');
  }
  if (value === 'JSONata' && !input.ctx.allowJsonata) {
    report(input, 'QueryLanguage', 'JSONata is not supported by this engine yet');
  }
  return value as QueryLanguage;
}

function stateInput(ctx: ValidationContext, name: string, state: JsonObject, path: string): StateInput | undefined {
  const node: NodeInput = { ctx, node: state, path, language: ctx.machineLanguage };
  if (!Object.prototype.hasOwnProperty.call(state, 'Type')) {
    ctx.problems.add(path, `state '${name}' is missing the required field 'Type'`);
    return undefined;
  }
  if (!isStateType(state.Type)) {
    report(
      node,
      'Type',
      `unknown state Type ${JSON.stringify(state.Type)}; expected one of ${Object.keys(STATE_FIELDS).join(', ')}`,
    );
    return undefined;
  }
  const language = checkQueryLanguage(node, ctx.machineLanguage);
  return { ...node, language, name, type: state.Type };
}

/** Checks one state: its name, Type, allowed fields, common fields and type-specific fields. */
export function validateState(ctx: ValidationContext, name: string, state: Json, path: string): void {
  checkStateName(ctx, name, path);
  if (!isJsonObject(state)) {
    ctx.problems.add(path, `state '${name}' must be an object`);
    return;
  }
  const input = stateInput(ctx, name, state, path);
  if (input === undefined) {
    return;
  }
  checkAllowedFields(input, STATE_FIELDS[input.type], `a ${input.type} state`);
  checkCommonFields(input);
  STATE_VALIDATORS[input.type](input);
}
