import type { MapState } from '../../definition/asl-types.js';
import { readPath } from '../../data/json-path.js';
import type { Json } from '../../json.js';
import { StatesError } from '../../states-error.js';
import type { StateData } from '../context-object.js';
import type { InterpreterRun } from '../interpreter-run.js';
import { applyInputPath } from '../io-processing.js';
import { jsonataField, usesJsonata } from '../query-language.js';

/** What a Map state works from, resolved once per attempt. */
export interface MapSettings {
  items: Json[];
  /** The value ItemSelector reads as `$` (JSONPath) or `$states.input` (JSONata). */
  selectorInput: Json;
  maxConcurrency: number;
  toleratedCount?: number;
  toleratedPercentage?: number;
}

type NumberField = 'MaxConcurrency' | 'ToleratedFailureCount' | 'ToleratedFailurePercentage';

/** A numeric field given as a literal, a `*Path` (JSONPath) or an expression (JSONata). */
async function numberField(
  run: InterpreterRun,
  state: MapState,
  field: NumberField,
  input: Json,
  data: StateData,
): Promise<number | undefined> {
  const jsonata = usesJsonata(run, state);
  const path = jsonata ? undefined : state[`${field}Path`];
  const raw =
    path !== undefined
      ? readPath(path, { input, ...data }, { error: 'States.Runtime', what: `${field}Path` })
      : jsonata
        ? await jsonataField(run, data, { input }, field, state[field] ?? null, null)
        : (state[field] ?? null);
  if (raw === null) return undefined;
  const limit = field === 'ToleratedFailurePercentage' ? 100 : Number.MAX_SAFE_INTEGER;
  if (
    typeof raw !== 'number' ||
    raw < 0 ||
    raw > limit ||
    (field !== 'ToleratedFailurePercentage' && !Number.isInteger(raw))
  ) {
    const error = jsonata ? 'States.QueryEvaluationError' : 'States.Runtime';
    throw new StatesError(error, `${field} must be a number from 0 to ${limit}, got ${JSON.stringify(raw)}`);
  }
  return raw;
}

export async function mapSettings(
  run: InterpreterRun,
  state: MapState,
  rawInput: Json,
  data: StateData,
): Promise<MapSettings> {
  const jsonata = usesJsonata(run, state);
  const input = jsonata ? rawInput : applyInputPath(state.InputPath, rawInput, data);
  const items = jsonata
    ? await jsonataField(run, data, { input }, 'Items', state.Items, input)
    : state.ItemsPath === undefined
      ? input
      : readPath(state.ItemsPath, { input, ...data }, { error: 'States.Runtime', what: 'ItemsPath' });
  if (!Array.isArray(items)) {
    const error = jsonata ? 'States.QueryEvaluationError' : 'States.Runtime';
    throw new StatesError(error, `The Map state needs an array of items, got ${JSON.stringify(items)}.`);
  }
  const settings: MapSettings = {
    items,
    selectorInput: input,
    maxConcurrency: (await numberField(run, state, 'MaxConcurrency', input, data)) ?? 0,
  };
  const count = await numberField(run, state, 'ToleratedFailureCount', input, data);
  const percentage = await numberField(run, state, 'ToleratedFailurePercentage', input, data);
  if (count !== undefined) settings.toleratedCount = count;
  if (percentage !== undefined) settings.toleratedPercentage = percentage;
  return settings;
}

/** Whether `failed` failures out of `total` items break the Map's tolerance (undefined: none configured). */
export function exceedsTolerance(failed: number, total: number, count?: number, percentage?: number): boolean {
  if (count === undefined && percentage === undefined) return true;
  if (count !== undefined && failed > count) return true;
  return percentage !== undefined && total > 0 && (failed / total) * 100 > percentage;
}
