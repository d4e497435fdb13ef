import type { Json } from '../json.js';
import { checkAssign } from './assign-checks.js';
import {
  checkAllowedFields,
  checkEnum,
  checkInteger,
  checkRequired,
  checkString,
  child,
  has,
  MAX_SECONDS,
  report,
  fieldValue,
} from './field-checks.js';
import { checkJsonataStrings } from './jsonata-checks.js';
import { checkResultPath } from './path-checks.js';
import { childPath, indexPath } from './problem-list.js';
import { CATCHER_FIELDS, RETRIER_FIELDS } from './state-fields.js';
import type { NodeInput } from './validation-context.js';

const ERROR_WILDCARD = 'States.ALL';
const MAX_DELAY_SECONDS = 31622400;

function checkErrorEquals(input: NodeInput, isLast: boolean, what: string): void {
  if (!checkRequired(input, 'ErrorEquals', `a ${what}`)) {
    return;
  }
  const errors = input.node.ErrorEquals;
  if (!Array.isArray(errors) || errors.length === 0 || errors.some((error) => typeof error !== 'string')) {
    report(input, 'ErrorEquals', 'ErrorEquals must be a non-empty array of error names (strings)');
    return;
  }
  if (!errors.includes(ERROR_WILDCARD)) {
    return;
  }
  if (errors.length > 1) {
    report(input, 'ErrorEquals', `${ERROR_WILDCARD} must appear alone in ErrorEquals`);
  }
  if (!isLast) {
    report(input, 'ErrorEquals', `the ${what} with ${ERROR_WILDCARD} must be the last one`);
  }
}

function checkBackoffRate(retrier: NodeInput): void {
  const rate = fieldValue(retrier, 'BackoffRate');
  if (rate !== undefined && (typeof rate !== 'number' || rate < 1)) {
    report(retrier, 'BackoffRate', 'BackoffRate must be a number greater than or equal to 1');
  }
}

function checkRetrier(retrier: NodeInput, isLast: boolean): void {
  checkAllowedFields(retrier, RETRIER_FIELDS, 'a retrier');
  checkErrorEquals(retrier, isLast, 'retrier');
  checkInteger(retrier, 'IntervalSeconds', { min: 1, max: MAX_SECONDS });
  checkInteger(retrier, 'MaxAttempts', { min: 0, max: MAX_SECONDS });
  checkInteger(retrier, 'MaxDelaySeconds', { min: 1, max: MAX_DELAY_SECONDS });
  checkBackoffRate(retrier);
  checkEnum(retrier, 'JitterStrategy', ['FULL', 'NONE']);
  checkString(retrier, 'Comment');
}

function checkCatcher(catcher: NodeInput, isLast: boolean): void {
  checkAllowedFields(catcher, CATCHER_FIELDS, 'a catcher');
  checkErrorEquals(catcher, isLast, 'catcher');
  if (checkRequired(catcher, 'Next', 'a catcher')) {
    checkString(catcher, 'Next');
  }
  checkString(catcher, 'Comment');
  checkAssign(catcher);
  if (catcher.language === 'JSONPath') {
    checkResultPath(catcher);
  } else if (has(catcher, 'Output')) {
    checkJsonataStrings(catcher.ctx.problems, childPath(catcher.path, 'Output'), catcher.node.Output);
  }
}

function forEachEntry(
  input: NodeInput,
  field: string,
  what: string,
  check: (entry: NodeInput, isLast: boolean) => void,
) {
  const list = fieldValue(input, field);
  if (list === undefined) {
    return;
  }
  if (!Array.isArray(list)) {
    report(input, field, `${field} must be an array of ${what}s`);
    return;
  }
  list.forEach((item: Json, index) => {
    const path = indexPath(childPath(input.path, field), index);
    const entry = child(input, item, path);
    if (entry === undefined) {
      input.ctx.problems.add(path, `a ${what} must be an object`);
    } else {
      check(entry, index === list.length - 1);
    }
  });
}

/** Retry: retriers with ErrorEquals, intervals, attempts, backoff, delay cap and jitter. */
export function checkRetry(input: NodeInput): void {
  forEachEntry(input, 'Retry', 'retrier', checkRetrier);
}

/** Catch: catchers with ErrorEquals, Next, ResultPath or Output, Assign. */
export function checkCatch(input: NodeInput): void {
  forEachEntry(input, 'Catch', 'catcher', checkCatcher);
}
