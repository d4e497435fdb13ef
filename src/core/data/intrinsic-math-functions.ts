import type { Json } from '../json.js';
import { argumentLabel, integerArgument, intrinsicFailure } from './intrinsic-arguments.js';
import type { IntrinsicImplementation, IntrinsicInvocation } from './intrinsic-types.js';

const TWO_32 = 2 ** 32;
const GOLDEN = 0x9e3779b9;

/** A 32-bit integer finalizer (xor-shift and multiply): every input bit affects every output bit. */
function mix32(value: number): number {
  let x = value | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** A number in [0, 1) that depends only on the (safe integer) seed: 53 bits from two mixed words. */
export function seededRandom(seed: number): number {
  const low = seed >>> 0;
  const high = Math.floor(seed / TWO_32) >>> 0;
  const first = mix32(low ^ mix32(high + GOLDEN));
  const second = mix32(first + GOLDEN);
  return (first * 2 ** 21 + (second >>> 11)) / 2 ** 53;
}

function environmentRandom(call: IntrinsicInvocation): number {
  const random = call.environment.random;
  if (random === undefined) {
    throw intrinsicFailure(call.name, 'no source of random numbers is configured (give a seed as argument 3)');
  }
  const value = random();
  if (!(value >= 0 && value < 1)) throw intrinsicFailure(call.name, `the random source returned ${value}, not [0, 1)`);
  return value;
}

/** An integer from start (inclusive) to end (exclusive); deterministic when a seed is given. */
function mathRandom(call: IntrinsicInvocation): Json {
  const start = integerArgument(call, 1, 'start');
  const end = integerArgument(call, 2, 'end');
  if (end <= start) {
    throw intrinsicFailure(
      call.name,
      `${argumentLabel(2, 'end')} must be greater than start (${start}) but was ${end}`,
    );
  }
  const fraction = call.args.length > 2 ? seededRandom(integerArgument(call, 3, 'seed')) : environmentRandom(call);
  return Math.min(end - 1, start + Math.floor(fraction * (end - start)));
}

function mathAdd(call: IntrinsicInvocation): Json {
  const sum = integerArgument(call, 1, 'first number') + integerArgument(call, 2, 'second number');
  if (!Number.isSafeInteger(sum)) throw intrinsicFailure(call.name, `the sum ${sum} is too large to be exact`);
  return sum;
}

function uuid(call: IntrinsicInvocation): Json {
  const source = call.environment.uuid;
  if (source === undefined) throw intrinsicFailure(call.name, 'no source of UUIDs is configured');
  return source();
}

export const MATH_FUNCTIONS: Readonly<Record<string, IntrinsicImplementation>> = {
  'States.MathRandom': mathRandom,
  'States.MathAdd': mathAdd,
  'States.UUID': uuid,
};
