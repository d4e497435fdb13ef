import { checkAtMostOne, checkString, has, report } from './field-checks.js';
import { pathOrIntrinsicProblem } from './intrinsic-checks.js';
import { pathProblem } from './path-checks.js';
import type { StateInput } from './validation-context.js';

/** ErrorPath and CausePath: a reference path or an intrinsic function call. */
function checkDynamicField(input: StateInput, field: string): void {
  if (!has(input, field)) {
    return;
  }
  const value = input.node[field];
  if (typeof value !== 'string') {
    report(input, field, `${field} must be a reference path or an intrinsic function call`);
    return;
  }
  const problem = value.startsWith('$') ? pathProblem(value, 'reference') : pathOrIntrinsicProblem(value);
  if (problem !== undefined) {
    report(input, field, `${field}: ${problem}`);
  }
}

/** Fail: Error xor ErrorPath, Cause xor CausePath. */
export function validateFailState(input: StateInput): void {
  checkAtMostOne(input, ['Error', 'ErrorPath']);
  checkAtMostOne(input, ['Cause', 'CausePath']);
  checkString(input, 'Error');
  checkString(input, 'Cause');
  checkDynamicField(input, 'ErrorPath');
  checkDynamicField(input, 'CausePath');
}
