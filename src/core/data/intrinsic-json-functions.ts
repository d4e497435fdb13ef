import type { Json, JsonObject } from '../json.js';
import {
  argumentLabel,
  booleanArgument,
  intrinsicFailure,
  objectArgument,
  stringArgument,
} from './intrinsic-arguments.js';
import type { IntrinsicImplementation, IntrinsicInvocation } from './intrinsic-types.js';
import { setOwnProperty } from './own-property.js';

function stringToJson(call: IntrinsicInvocation): Json {
  const text = stringArgument(call, 1, 'string');
  try {
    return JSON.parse(text) as Json;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw intrinsicFailure(call.name, `${argumentLabel(1, 'string')} is not valid JSON: ${detail}`);
  }
}

/** States.JsonToString($.path): the argument must be a path (not a literal or a call). */
function jsonToString(call: IntrinsicInvocation): Json {
  const argument = call.args[0];
  if (argument?.source.kind !== 'path') {
    const kind = argument?.source.kind === 'call' ? 'a function call' : 'a literal';
    throw intrinsicFailure(call.name, `${argumentLabel(1, 'path')} must be a path but was ${kind}`);
  }
  return JSON.stringify(argument.value);
}

/** A shallow merge: keys of the second object win. AWS rejects a deep merge (`true`), and so do we. */
function jsonMerge(call: IntrinsicInvocation): Json {
  const first = objectArgument(call, 1, 'first object');
  const second = objectArgument(call, 2, 'second object');
  if (booleanArgument(call, 3, 'deep merge')) {
    throw intrinsicFailure(call.name, `${argumentLabel(3, 'deep merge')} must be false: deep merge is not supported`);
  }
  const merged: JsonObject = {};
  for (const source of [first, second]) {
    for (const [key, value] of Object.entries(source)) setOwnProperty(merged, key, value);
  }
  return merged;
}

export const JSON_FUNCTIONS: Readonly<Record<string, IntrinsicImplementation>> = {
  'States.StringToJson': stringToJson,
  'States.JsonToString': jsonToString,
  'States.JsonMerge': jsonMerge,
};
