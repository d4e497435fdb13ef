import { isJsonObject } from '../json.js';
import type { Json, JsonObject } from '../json.js';
import { StatesError } from '../states-error.js';
import type { IntrinsicInvocation } from './intrinsic-types.js';

/** Argument checks shared by the intrinsic functions; each failure names the function and the argument. */

const MAX_SHOWN = 100;

/** The States.IntrinsicFailure error for a function: `States.X: <detail>`. */
export function intrinsicFailure(name: string, detail: string): StatesError {
  return new StatesError('States.IntrinsicFailure', `${name}: ${detail}`);
}

/** A value in a message, shortened when long. */
export function describeValue(value: Json): string {
  const text = JSON.stringify(value);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}...` : text;
}

export function typeName(value: Json): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (isJsonObject(value)) return 'an object';
  return `a ${typeof value}`;
}

/** `argument 2 (index)`: how messages name an argument. */
export function argumentLabel(position: number, role: string): string {
  return `argument ${position} (${role})`;
}

/** The value of argument `position` (1-based); the caller has checked the count. */
export function argumentAt(call: IntrinsicInvocation, position: number): Json {
  return call.args[position - 1]?.value ?? null;
}

function mismatch(call: IntrinsicInvocation, position: number, role: string, expected: string, value: Json): never {
  const shown = value === null || typeof value === 'object' ? typeName(value) : describeValue(value);
  throw intrinsicFailure(call.name, `${argumentLabel(position, role)} must be ${expected} but was ${shown}`);
}

export function stringArgument(call: IntrinsicInvocation, position: number, role: string): string {
  const value = argumentAt(call, position);
  return typeof value === 'string' ? value : mismatch(call, position, role, 'a string', value);
}

export function booleanArgument(call: IntrinsicInvocation, position: number, role: string): boolean {
  const value = argumentAt(call, position);
  return typeof value === 'boolean' ? value : mismatch(call, position, role, 'a boolean', value);
}

/** An integer that a double holds exactly (|n| ≤ 2^53 - 1). */
export function integerArgument(call: IntrinsicInvocation, position: number, role: string): number {
  const value = argumentAt(call, position);
  return typeof value === 'number' && Number.isSafeInteger(value)
    ? value
    : mismatch(call, position, role, 'an integer', value);
}

export function arrayArgument(call: IntrinsicInvocation, position: number, role: string): Json[] {
  const value = argumentAt(call, position);
  return Array.isArray(value) ? value : mismatch(call, position, role, 'an array', value);
}

export function objectArgument(call: IntrinsicInvocation, position: number, role: string): JsonObject {
  const value = argumentAt(call, position);
  return isJsonObject(value) ? value : mismatch(call, position, role, 'an object', value);
}

/** A string argument of at most `limit` characters (UTF-16 code units, like Java's String.length). */
export function limitedStringArgument(
  call: IntrinsicInvocation,
  position: number,
  role: string,
  limit: number,
): string {
  const value = stringArgument(call, position, role);
  if (value.length > limit) {
    throw intrinsicFailure(
      call.name,
      `${argumentLabel(position, role)} has ${value.length} characters but at most ${limit} are allowed`,
    );
  }
  return value;
}
