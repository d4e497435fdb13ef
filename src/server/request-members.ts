import { ApiError, validationError } from './api-error.js';

/** A request body: its members by name (JSON `null` counts as absent, as for AWS). */
export type Members = Readonly<Record<string, unknown>>;

export interface StringRules {
  min?: number;
  max?: number;
  /** Checked on the whole value. */
  pattern?: RegExp;
  /** Length in UTF-8 bytes instead of characters (payloads: input, output). */
  bytes?: boolean;
}

export interface IntegerRules {
  min?: number;
  max?: number;
}

function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 64 ? `${text.slice(0, 61)}...` : text;
}

function failed(value: unknown, member: string, constraint: string): ApiError {
  return validationError(
    `1 validation error detected: Value '${shown(value)}' at '${member}' failed to satisfy constraint: ${constraint}`,
  );
}

/** The body as members; anything but a JSON object is a SerializationException. */
export function requestMembers(body: unknown): Members {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiError('SerializationException', 'The request body must be a JSON object.');
  }
  return body as Members;
}

function present(input: Members, member: string): unknown {
  const value = input[member];
  return value === null ? undefined : value;
}

function checkString(value: string, member: string, rules: StringRules): string {
  const length = rules.bytes ? Buffer.byteLength(value, 'utf8') : value.length;
  const unit = rules.bytes ? 'bytes' : 'characters';
  if (rules.min !== undefined && length < rules.min)
    throw failed(value, member, `Member must have length greater than or equal to ${rules.min}`);
  if (rules.max !== undefined && length > rules.max)
    throw failed(value, member, `Member must have length less than or equal to ${rules.max} (${unit})`);
  if (rules.pattern && !rules.pattern.test(value))
    throw failed(value, member, `Member must satisfy regular expression pattern: ${rules.pattern.source}`);
  return value;
}

export function optionalString(input: Members, member: string, rules: StringRules = {}): string | undefined {
  const value = present(input, member);
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw failed(value, member, 'Member must be a string');
  return checkString(value, member, rules);
}

export function requiredString(input: Members, member: string, rules: StringRules = {}): string {
  const value = optionalString(input, member, rules);
  if (value === undefined) throw failed(null, member, 'Member must not be null');
  return value;
}

export function optionalBoolean(input: Members, member: string): boolean | undefined {
  const value = present(input, member);
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw failed(value, member, 'Member must be a boolean');
  return value;
}

export function optionalInteger(input: Members, member: string, rules: IntegerRules = {}): number | undefined {
  const value = present(input, member);
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw failed(value, member, 'Member must be an integer');
  if (rules.min !== undefined && value < rules.min)
    throw failed(value, member, `Member must have value greater than or equal to ${rules.min}`);
  if (rules.max !== undefined && value > rules.max)
    throw failed(value, member, `Member must have value less than or equal to ${rules.max}`);
  return value;
}

export function optionalEnum<T extends string>(input: Members, member: string, values: readonly T[]): T | undefined {
  const value = present(input, member);
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
    throw failed(value, member, `Member must satisfy enum value set: [${values.join(', ')}]`);
  }
  return value as T;
}

/** A structure member (an object), or undefined. */
export function optionalObject(input: Members, member: string): Members | undefined {
  const value = present(input, member);
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw failed(value, member, 'Member must be a structure');
  return value as Members;
}

/** A list member whose items are checked by `item` (given the item's member path, e.g. `tags.1`). */
export function optionalList<T>(
  input: Members,
  member: string,
  item: (value: unknown, path: string) => T,
  rules: IntegerRules = {},
): T[] | undefined {
  const value = present(input, member);
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw failed(value, member, 'Member must be a list');
  if (rules.max !== undefined && value.length > rules.max)
    throw failed(value, member, `Member must have length less than or equal to ${rules.max}`);
  return value.map((entry, index) => item(entry, `${member}.${index + 1}`));
}

/** A string item of a list (see optionalList). */
export function stringItem(rules: StringRules = {}): (value: unknown, path: string) => string {
  return (value, path) => {
    if (typeof value !== 'string') throw failed(value, path, 'Member must be a string');
    return checkString(value, path, rules);
  };
}
