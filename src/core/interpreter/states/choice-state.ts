import type { ChoiceRule, ChoiceState } from '../../definition/asl-types.js';
import { evaluateChoiceRule } from '../../data/choice-rule.js';
import { evaluateJsonata, returnedNothing } from '../../data/jsonata-expression.js';
import type { Json } from '../../json.js';
import { StatesError } from '../../states-error.js';
import { evaluateAssign } from '../assignments.js';
import { stateData, type StateData } from '../context-object.js';
import { activeState, type InterpreterRun } from '../interpreter-run.js';
import { applyInputPath, applyOutputPath } from '../io-processing.js';
import { jsonataField, jsonataScope, usesJsonata } from '../query-language.js';
import type { Scope } from '../snapshot.js';
import type { StateHandler } from '../state-handler.js';
import { exitState } from '../state-flow.js';

/** JSONata rules test `Condition` (a boolean or an expression yielding one). */
async function conditionHolds(run: InterpreterRun, rule: ChoiceRule, input: Json, data: StateData): Promise<boolean> {
  const condition = rule.Condition as Json | undefined;
  if (typeof condition === 'boolean') return condition;
  if (typeof condition !== 'string')
    throw new StatesError('States.QueryEvaluationError', 'A Choice rule needs a Condition.');
  const value = await evaluateJsonata(condition, jsonataScope(run, data, { input }), 'Condition');
  if (value === undefined) throw returnedNothing(condition, 'Condition');
  if (typeof value !== 'boolean') {
    throw new StatesError(
      'States.QueryEvaluationError',
      `The Condition '${condition}' returned ${JSON.stringify(value)}, not a boolean.`,
    );
  }
  return value;
}

async function firstMatch(
  run: InterpreterRun,
  state: ChoiceState,
  input: Json,
  data: StateData,
): Promise<ChoiceRule | undefined> {
  for (const rule of state.Choices) {
    const holds = usesJsonata(run, state)
      ? await conditionHolds(run, rule, input, data)
      : evaluateChoiceRule(rule, { input, ...data });
    if (holds) return rule;
  }
  return undefined;
}

/** A matched rule's Assign/Output replace the state's; with no match, the state's apply and Default is taken. */
async function enter(run: InterpreterRun, scope: Scope, state: ChoiceState): Promise<void> {
  const active = activeState(scope);
  const data = stateData(run, scope);
  const jsonata = usesJsonata(run, state);
  const effectiveInput = jsonata ? active.input : applyInputPath(state.InputPath, active.input, data);
  const matched = await firstMatch(run, state, effectiveInput, data);
  const next = matched?.Next ?? state.Default;
  if (next === undefined) {
    throw new StatesError(
      'States.NoChoiceMatched',
      `No Choice Rule matched in state '${active.name}' and it has no Default.`,
    );
  }
  const source = matched ?? state;
  const states = { input: effectiveInput };
  const assigned = await evaluateAssign(run, source.Assign as Json | undefined, jsonata, data, states, effectiveInput);
  const output = jsonata
    ? await jsonataField(run, data, states, 'Output', source.Output as Json | undefined, effectiveInput)
    : applyOutputPath(state.OutputPath, effectiveInput, data);
  exitState(run, scope, output, next, assigned);
}

export const choiceStateHandler: StateHandler<ChoiceState> = { enter };
