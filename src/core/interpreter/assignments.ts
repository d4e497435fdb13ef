import { evaluateJsonataTemplate, type StatesBinding } from '../data/jsonata-expression.js';
import { expandPayloadTemplate } from '../data/payload-template.js';
import { isJsonObject, type Json } from '../json.js';
import type { StateData } from './context-object.js';
import type { InterpreterRun } from './interpreter-run.js';
import { jsonataScope } from './query-language.js';
import type { Scope } from './snapshot.js';

/** Values an Assign block computed, applied when the state exits. */
export type Assignments = Record<string, Json>;

/**
 * Evaluates an `Assign` block with the variables as of state entry (so `a: $b, b: $a` swaps).
 * JSONPath: `.$` keys take a path or intrinsic on `dollar` (the state's result, effective input
 * or error output, depending on where the Assign sits). JSONata: `{% %}` with `$states`.
 */
export async function evaluateAssign(
  run: InterpreterRun,
  assign: Json | undefined,
  jsonata: boolean,
  data: StateData,
  states: Omit<StatesBinding, 'context'>,
  dollar: Json,
): Promise<Assignments | undefined> {
  if (!isJsonObject(assign)) return undefined;
  const values = jsonata
    ? await evaluateJsonataTemplate(assign, jsonataScope(run, data, states), 'Assign')
    : expandPayloadTemplate(assign, { input: dollar, ...data }, 'Assign', run.ctx);
  return isJsonObject(values) ? { ...values } : undefined;
}

/** Stores the assignments in the scope; returns them as AWS shows them on `*StateExited`. */
export function applyAssignments(scope: Scope, values: Assignments | undefined): Record<string, unknown> {
  if (!values || Object.keys(values).length === 0) return {};
  scope.variables = { ...scope.variables, ...values };
  const shown = Object.fromEntries(Object.entries(values).map(([name, value]) => [name, JSON.stringify(value)]));
  return { assignedVariables: shown, assignedVariablesDetails: { truncated: false } };
}
