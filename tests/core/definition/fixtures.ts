import { expect } from 'vitest';
import {
  validateDefinition,
  type ValidateDefinitionOptions,
} from '../../../src/core/definition/validate-definition.js';

/** A machine whose first state is StartAt. */
export function machine(states: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { StartAt: Object.keys(states)[0], States: states, ...extra };
}

/** A machine with one state, named Only. */
export function single(state: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return machine({ Only: state }, extra);
}

export const TASK_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:pay';

/** Drops the fields set to undefined, so that `{ End: undefined }` removes End. */
function defined(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

export function task(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return defined({ Type: 'Task', Resource: TASK_ARN, End: true, ...fields });
}

export function pass(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return defined({ Type: 'Pass', End: true, ...fields });
}

export function choice(choices: unknown, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return machine({ Pick: defined({ Type: 'Choice', Choices: choices, Default: 'Done', ...fields }), Done: pass() });
}

export function scope(states: Record<string, unknown>): Record<string, unknown> {
  return { StartAt: Object.keys(states)[0], States: states };
}

/** One row of a table-driven test: an invalid definition and the problem it must produce. */
export interface InvalidCase {
  name: string;
  definition: unknown;
  path: string;
  message: string;
  options?: ValidateDefinitionOptions;
}

export function expectProblem(testCase: InvalidCase): void {
  const problems = validateDefinition(testCase.definition, testCase.options ?? { allowJsonata: true });
  expect(problems).toContainEqual({ path: testCase.path, message: expect.stringContaining(testCase.message) });
}

export function expectValid(definition: unknown, options: ValidateDefinitionOptions = { allowJsonata: true }): void {
  expect(validateDefinition(definition, options)).toEqual([]);
}
