import { isJsonObject } from '../json.js';
import type { Json } from '../json.js';
import { argumentAt, argumentLabel, arrayArgument, integerArgument, intrinsicFailure } from './intrinsic-arguments.js';
import type { IntrinsicImplementation, IntrinsicInvocation } from './intrinsic-types.js';

/** States.ArrayRange builds at most this many items. */
export const ARRAY_RANGE_LIMIT = 1000;

/**
 * A text that is equal for equal JSON values, whatever the order of object keys:
 * `{"a":1,"b":2}` and `{"b":2,"a":1}` give the same key.
 */
export function canonicalJson(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (!isJsonObject(value)) return JSON.stringify(value);
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key] ?? null)}`).join(',')}}`;
}

function array(call: IntrinsicInvocation): Json {
  return call.args.map((argument) => argument.value);
}

function arrayPartition(call: IntrinsicInvocation): Json {
  const items = arrayArgument(call, 1, 'array');
  const size = integerArgument(call, 2, 'chunk size');
  if (size <= 0)
    throw intrinsicFailure(call.name, `${argumentLabel(2, 'chunk size')} must be positive but was ${size}`);
  const chunks: Json[] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

function arrayContains(call: IntrinsicInvocation): Json {
  const items = arrayArgument(call, 1, 'array');
  const wanted = canonicalJson(argumentAt(call, 2));
  return items.some((item) => canonicalJson(item) === wanted);
}

function arrayRange(call: IntrinsicInvocation): Json {
  const start = integerArgument(call, 1, 'start');
  const end = integerArgument(call, 2, 'end');
  const step = integerArgument(call, 3, 'step');
  if (step === 0) throw intrinsicFailure(call.name, `${argumentLabel(3, 'step')} must not be 0`);
  const count = Math.max(0, Math.floor((end - start) / step) + 1);
  if (count > ARRAY_RANGE_LIMIT) {
    throw intrinsicFailure(
      call.name,
      `the range from ${start} to ${end} by ${step} has ${count} items but at most ${ARRAY_RANGE_LIMIT} are allowed`,
    );
  }
  return Array.from({ length: count }, (_, index) => start + index * step);
}

function arrayGetItem(call: IntrinsicInvocation): Json {
  const items = arrayArgument(call, 1, 'array');
  const index = integerArgument(call, 2, 'index');
  const item = index >= 0 ? items[index] : undefined;
  if (item === undefined) {
    const label = argumentLabel(2, 'index');
    throw intrinsicFailure(call.name, `${label} is ${index} but the array has ${items.length} item(s)`);
  }
  return item;
}

function arrayLength(call: IntrinsicInvocation): Json {
  return arrayArgument(call, 1, 'array').length;
}

/** Keeps the first of equal items (deep equality), in order. */
function arrayUnique(call: IntrinsicInvocation): Json {
  const seen = new Set<string>();
  return arrayArgument(call, 1, 'array').filter((item) => {
    const key = canonicalJson(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export const ARRAY_FUNCTIONS: Readonly<Record<string, IntrinsicImplementation>> = {
  'States.Array': array,
  'States.ArrayPartition': arrayPartition,
  'States.ArrayContains': arrayContains,
  'States.ArrayRange': arrayRange,
  'States.ArrayGetItem': arrayGetItem,
  'States.ArrayLength': arrayLength,
  'States.ArrayUnique': arrayUnique,
};
