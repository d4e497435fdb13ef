import { isJsonObject, type Json } from '../json.js';
import { isJsonataExpression } from './jsonata-checks.js';
import { childPath } from './problem-list.js';
import { fieldStatus, type FieldTable } from './state-fields.js';
import type { NodeInput } from './validation-context.js';

/** The largest value AWS accepts for seconds and attempt counts. */
export const MAX_SECONDS = 99999999;

export function has(input: NodeInput, field: string): boolean {
  return Object.prototype.hasOwnProperty.call(input.node, field);
}

export function fieldValue(input: NodeInput, field: string): Json | undefined {
  return has(input, field) ? input.node[field] : undefined;
}

export function report(input: NodeInput, field: string, message: string): void {
  input.ctx.problems.add(childPath(input.path, field), message);
}

/** A view of a child object, for checking it with the same helpers. */
export function child(input: NodeInput, node: Json | undefined, path: string): NodeInput | undefined {
  return isJsonObject(node) ? { ...input, node, path } : undefined;
}

export function checkRequired(input: NodeInput, field: string, what: string): boolean {
  if (has(input, field)) {
    return true;
  }
  input.ctx.problems.add(input.path, `${what} is missing the required field '${field}'`);
  return false;
}

export function checkString(input: NodeInput, field: string): void {
  if (has(input, field) && typeof input.node[field] !== 'string') {
    report(input, field, `${field} must be a string`);
  }
}

export function checkEnum(input: NodeInput, field: string, values: readonly string[]): void {
  const value = fieldValue(input, field);
  if (value !== undefined && (typeof value !== 'string' || !values.includes(value))) {
    report(input, field, `${field} must be one of ${values.join(', ')}`);
  }
}

/** True when a JSONata state gives a `{% %}` expression instead of a literal value. */
function isDeferred(input: NodeInput, value: Json): boolean {
  return input.language === 'JSONata' && isJsonataExpression(value);
}

export interface IntegerRange {
  min: 0 | 1;
  max?: number;
}

export function checkInteger(input: NodeInput, field: string, range: IntegerRange): void {
  const value = fieldValue(input, field);
  if (value === undefined || isDeferred(input, value)) {
    return;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < range.min) {
    report(input, field, `${field} must be a ${range.min === 1 ? 'positive' : 'non-negative'} integer`);
  } else if (range.max !== undefined && value > range.max) {
    report(input, field, `${field} must be at most ${range.max}`);
  }
}

export function checkNumberRange(input: NodeInput, field: string, min: number, max: number): void {
  const value = fieldValue(input, field);
  if (value === undefined || isDeferred(input, value)) {
    return;
  }
  if (typeof value !== 'number' || value < min || value > max) {
    report(input, field, `${field} must be a number from ${min} to ${max}`);
  }
}

/** Reports when more than one of `fields` is present. */
export function checkAtMostOne(input: NodeInput, fields: readonly string[]): void {
  const present = fields.filter((field) => has(input, field));
  if (present.length > 1) {
    input.ctx.problems.add(input.path, `only one of ${present.join(', ')} may be given`);
  }
}

/** Reports when none or more than one of `fields` is present. */
export function checkExactlyOne(input: NodeInput, fields: readonly string[], what: string): void {
  const present = fields.filter((field) => has(input, field));
  if (present.length === 0) {
    input.ctx.problems.add(input.path, `${what} needs exactly one of ${fields.join(', ')}`);
  } else if (present.length > 1) {
    input.ctx.problems.add(
      input.path,
      `${what} needs exactly one of ${fields.join(', ')} (found ${present.join(', ')})`,
    );
  }
}

/** Reports every field that `table` does not allow for the node's query language. */
export function checkAllowedFields(input: NodeInput, table: FieldTable, where: string): void {
  for (const field of Object.keys(input.node)) {
    const status = fieldStatus(table, input.language, field);
    if (status === 'other-language') {
      const other = input.language === 'JSONata' ? 'JSONPath' : 'JSONata';
      report(input, field, `field '${field}' is ${other} only and is not allowed in ${where} using ${input.language}`);
    } else if (status === 'unknown') {
      report(input, field, `field '${field}' is not allowed in ${where}`);
    }
  }
}
