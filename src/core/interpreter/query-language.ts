import type { StateDefinition } from '../definition/asl-types.js';
import { evaluateJsonataField, type JsonataScope, type StatesBinding } from '../data/jsonata-expression.js';
import type { Json } from '../json.js';
import type { StateData } from './context-object.js';
import type { InterpreterRun } from './interpreter-run.js';

/** A state's query language: its own, else the machine's, else JSONPath. */
export function usesJsonata(run: InterpreterRun, state: StateDefinition): boolean {
  return (state.QueryLanguage ?? run.definition.QueryLanguage ?? 'JSONPath') === 'JSONata';
}

export function jsonataScope(
  run: InterpreterRun,
  data: StateData,
  states: Omit<StatesBinding, 'context'>,
): JsonataScope {
  return {
    states: { ...states, context: data.context },
    variables: data.variables,
    environment: run.ctx,
    now: run.ctx.now,
  };
}

/** A JSONata field of a state (Arguments, Output, ...): evaluated when present, else `fallback`. */
export async function jsonataField(
  run: InterpreterRun,
  data: StateData,
  states: Omit<StatesBinding, 'context'>,
  field: string,
  value: Json | undefined,
  fallback: Json,
): Promise<Json> {
  if (value === undefined) return fallback;
  return evaluateJsonataField(value, jsonataScope(run, data, states), field);
}
