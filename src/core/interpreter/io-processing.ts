import type { IntrinsicEnvironment } from '../data/intrinsic-function.js';
import { expandPayloadTemplate } from '../data/payload-template.js';
import { readPath } from '../data/json-path.js';
import { setAtReferencePath } from '../data/reference-path.js';
import type { Json } from '../json.js';
import type { StateData } from './context-object.js';

/**
 * The JSONPath input/output pipeline of a state:
 * raw input -> InputPath -> Parameters -> (result) -> ResultSelector -> ResultPath -> OutputPath.
 * `undefined` means the field is absent; `null` is the explicit null of the spec.
 */
export function applyInputPath(path: string | null | undefined, input: Json, data: StateData): Json {
  if (path === undefined) return input;
  if (path === null) return {};
  return readPath(path, { input, ...data }, { error: 'States.Runtime', what: 'InputPath' });
}

export function applyTemplate(
  field: string,
  template: Json | undefined,
  input: Json,
  data: StateData,
  environment: IntrinsicEnvironment,
): Json {
  if (template === undefined) return input;
  return expandPayloadTemplate(template, { input, ...data }, field, environment);
}

export function applyResultPath(path: string | null | undefined, rawInput: Json, result: Json): Json {
  if (path === undefined) return result;
  if (path === null) return rawInput;
  return setAtReferencePath(rawInput, path, result);
}

export function applyOutputPath(path: string | null | undefined, value: Json, data: StateData): Json {
  if (path === undefined) return value;
  if (path === null) return {};
  return readPath(path, { input: value, ...data }, { error: 'States.Runtime', what: 'OutputPath' });
}
