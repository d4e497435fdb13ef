import { evaluateJsonataField, type StatesBinding } from '../data/jsonata-expression.js';
import { expandPayloadTemplate } from '../data/payload-template.js';
import { isJsonObject, type Json } from '../json.js';
import { StatesError } from '../states-error.js';
import { jsonBytes, MAX_PAYLOAD_BYTES, MAX_VARIABLE_BYTES } from './data-limits.js';
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
    ? await evaluateJsonataField(assign, jsonataScope(run, data, states), 'Assign')
    : expandPayloadTemplate(assign, { input: dollar, ...data }, 'Assign', run.ctx);
  if (!isJsonObject(values)) return undefined;
  checkVariableLimits(run, data.variables, values);
  return { ...values };
}

/**
 * Sizes of variable values already measured: values are never changed in place (an Assign replaces
 * them), so the 10 MiB check does not serialize every variable of the execution again on every Assign.
 */
const measuredBytes = new WeakMap<object, number>();

function variableBytes(value: Json): number {
  if (value === null || typeof value !== 'object') return jsonBytes(value);
  let bytes = measuredBytes.get(value);
  if (bytes === undefined) {
    bytes = jsonBytes(value);
    measuredBytes.set(value, bytes);
  }
  return bytes;
}

/**
 * AWS's limits: one variable and one Assign hold at most 256 KiB, all variables of the execution
 * together 10 MiB; over them the state fails with States.DataLimitExceeded.
 */
function checkVariableLimits(run: InterpreterRun, visible: Record<string, Json>, values: Record<string, Json>): void {
  let assigned = 0;
  for (const [name, value] of Object.entries(values)) {
    const bytes = variableBytes(value);
    if (bytes > MAX_PAYLOAD_BYTES) {
      throw new StatesError(
        'States.DataLimitExceeded',
        `The value assigned to the variable '${name}' is larger than ${MAX_PAYLOAD_BYTES} bytes.`,
      );
    }
    assigned += bytes;
  }
  if (assigned > MAX_PAYLOAD_BYTES) {
    throw new StatesError(
      'States.DataLimitExceeded',
      `The values of one Assign are larger than ${MAX_PAYLOAD_BYTES} bytes together.`,
    );
  }
  let total = assigned;
  for (const scope of Object.values(run.snapshot.scopes)) {
    for (const [name, value] of Object.entries(scope.variables ?? {})) {
      if (!(name in values && visible[name] === value)) total += variableBytes(value);
    }
  }
  if (total > MAX_VARIABLE_BYTES) {
    throw new StatesError(
      'States.DataLimitExceeded',
      `The variables of the execution would hold more than ${MAX_VARIABLE_BYTES} bytes.`,
    );
  }
}

/** Stores the assignments in the scope; returns them as AWS shows them on `*StateExited`. */
export function applyAssignments(scope: Scope, values: Assignments | undefined): Record<string, unknown> {
  if (!values || Object.keys(values).length === 0) return {};
  scope.variables = { ...scope.variables, ...values };
  const shown = Object.fromEntries(Object.entries(values).map(([name, value]) => [name, JSON.stringify(value)]));
  return { assignedVariables: shown, assignedVariablesDetails: { truncated: false } };
}
