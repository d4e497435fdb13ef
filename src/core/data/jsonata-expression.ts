import jsonata from 'jsonata';
import { isJsonObject, type Json } from '../json.js';
import { StatesError } from '../states-error.js';
import type { IntrinsicEnvironment } from './intrinsic-function.js';
import { registerAwsFunctions } from './jsonata-functions.js';

/** What `$states` holds while a state's expressions are evaluated. */
export interface StatesBinding {
  input: Json;
  context: Json;
  result?: Json;
  errorOutput?: Json;
}

export interface JsonataScope {
  states: StatesBinding;
  variables: Readonly<Record<string, Json>>;
  environment: IntrinsicEnvironment;
  /** The transition's time (epoch ms): `$now()` and `$millis()` read it instead of the clock. */
  now: number;
}

interface Budget {
  steps: number;
  depth: number;
}

const BUDGET = '__unwind_budget';

interface Frame {
  lookup(name: string): unknown;
}

/** Counts steps and depth in the evaluation's own budget (found in its frame), so cached expressions stay shareable. */
function installBudget(expression: jsonata.Expression): void {
  const entry = (_expr: unknown, _input: unknown, frame: Frame): void => {
    const budget = frame.lookup(BUDGET) as Budget | undefined;
    if (!budget) return;
    budget.steps += 1;
    budget.depth += 1;
    if (budget.steps > MAX_STEPS) throw new Error(`the expression ran more than ${MAX_STEPS} evaluation steps`);
    if (budget.depth > MAX_DEPTH) throw new Error(`the expression nested deeper than ${MAX_DEPTH} levels`);
  };
  const exit = (_expr: unknown, _input: unknown, frame: Frame): void => {
    const budget = frame.lookup(BUDGET) as Budget | undefined;
    if (budget) budget.depth -= 1;
  };
  // jsonata looks its evaluation hooks up by these symbols (its typings only name string keys).
  const target = expression as unknown as { assign(name: symbol, value: unknown): void };
  target.assign(Symbol.for('jsonata.__evaluate_entry'), entry);
  target.assign(Symbol.for('jsonata.__evaluate_exit'), exit);
}

/** Evaluation budget: a hostile expression fails instead of hanging the engine. */
const MAX_STEPS = 1_000_000;
const MAX_DEPTH = 400;
const EXPRESSION = /^\{%([\s\S]*)%\}$/;
const compiled = new Map<string, jsonata.Expression>();

export function isJsonataExpression(value: unknown): value is string {
  return typeof value === 'string' && EXPRESSION.test(value);
}

function compile(source: string): jsonata.Expression {
  const known = compiled.get(source);
  if (known) return known;
  let expression: jsonata.Expression;
  try {
    expression = jsonata(source);
  } catch (error) {
    throw new StatesError(
      'States.QueryEvaluationError',
      `The JSONata expression '${source}' is invalid: ${describe(error)}`,
    );
  }
  installBudget(expression);
  if (compiled.size >= 2000) compiled.clear();
  compiled.set(source, expression);
  return expression;
}

function describe(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'message' in error) return String(error.message);
  return String(error);
}

/** Evaluates one `{% ... %}` string. An undefined result (no match) is returned as undefined. */
export async function evaluateJsonata(source: string, scope: JsonataScope, field: string): Promise<Json | undefined> {
  const body = EXPRESSION.exec(source)?.[1]?.trim() ?? source;
  const expression = compile(body);
  const bindings: Record<string, unknown> = { ...scope.variables, states: scope.states };
  registerAwsFunctions(bindings, scope.environment);
  bindings.now = () => new Date(scope.now).toISOString();
  bindings.millis = () => scope.now;
  bindings[BUDGET] = { steps: 0, depth: 0 } satisfies Budget;
  try {
    const value: unknown = await expression.evaluate({}, bindings);
    return value === undefined ? undefined : toJson(value);
  } catch (error) {
    throw new StatesError(
      'States.QueryEvaluationError',
      `An error occurred while evaluating the JSONata expression '${body}' in field '${field}': ${describe(error)}`,
    );
  }
}

/** jsonata results may be arrays with a `sequence` flag or carry functions: keep the JSON part. */
function toJson(value: unknown): Json {
  return JSON.parse(JSON.stringify(value) ?? 'null') as Json;
}

/** Evaluates every `{% %}` string inside a JSON value (objects and arrays at any depth). */
export async function evaluateJsonataTemplate(value: Json, scope: JsonataScope, field: string): Promise<Json> {
  if (isJsonataExpression(value)) return (await evaluateJsonata(value, scope, field)) ?? null;
  if (Array.isArray(value)) {
    const items: Json[] = [];
    for (const item of value) items.push(await evaluateJsonataTemplate(item, scope, field));
    return items;
  }
  if (!isJsonObject(value)) return value;
  const result: Record<string, Json> = {};
  for (const [key, item] of Object.entries(value)) {
    const evaluated = isJsonataExpression(item) ? await evaluateJsonata(item, scope, `${field}.${key}`) : undefined;
    if (isJsonataExpression(item)) {
      if (evaluated !== undefined) result[key] = evaluated;
      continue;
    }
    result[key] = await evaluateJsonataTemplate(item, scope, `${field}.${key}`);
  }
  return result;
}

/** AWS's error for an expression whose result is nothing where a value is required. */
export function returnedNothing(source: string, field: string): StatesError {
  const body = EXPRESSION.exec(source)?.[1]?.trim() ?? source;
  return new StatesError(
    'States.QueryEvaluationError',
    `The JSONata expression '${body}' specified for the field '${field}' returned nothing (undefined).`,
  );
}

/**
 * A state's JSONata field as AWS evaluates it: every `{% %}` string inside the value (objects and
 * arrays at any depth) must yield a value; one that yields nothing raises States.QueryEvaluationError
 * naming its place (`Output`, `Output/a/b[0]`, `Assign/x`, `Arguments/Input/id`).
 */
export async function evaluateJsonataField(value: Json, scope: JsonataScope, field: string): Promise<Json> {
  if (isJsonataExpression(value)) {
    const result = await evaluateJsonata(value, scope, field);
    if (result === undefined) throw returnedNothing(value, field);
    return result;
  }
  if (Array.isArray(value)) {
    const items: Json[] = [];
    for (const [index, item] of value.entries())
      items.push(await evaluateJsonataField(item, scope, `${field}[${index}]`));
    return items;
  }
  if (!isJsonObject(value)) return value;
  const result: Record<string, Json> = {};
  for (const [key, item] of Object.entries(value))
    result[key] = await evaluateJsonataField(item, scope, `${field}/${key}`);
  return result;
}
