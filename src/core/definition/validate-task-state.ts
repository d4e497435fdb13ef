import { isJsonObject } from '../json.js';
import { checkAtMostOne, checkInteger, checkRequired, has, MAX_SECONDS, report, fieldValue } from './field-checks.js';
import { checkPathField } from './path-checks.js';
import { checkCatch, checkRetry } from './retry-catch-checks.js';
import type { StateInput } from './validation-context.js';

const URI = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;
const PLACEHOLDER = /^\$\{[^{}\s]+\}$/;
/** A bare name resolves to a local task handler (an Unwind extension: `"Resource": "ReserveHotel"`). */
export const HANDLER_NAME = /^[A-Za-z_][\w.\-/]*$/;
const LAMBDA_FUNCTION_ARN = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]*)(?::(.*))?$/;
const LAMBDA_QUALIFIER = /^(?:\$LATEST|[A-Za-z0-9_-]+)$/;

/** Why a Resource string cannot name a task resource, or undefined. */
export function resourceProblem(resource: string): string | undefined {
  if (!URI.test(resource) && !PLACEHOLDER.test(resource) && !HANDLER_NAME.test(resource)) {
    return `Resource '${resource}' must be a URI such as an ARN, or a handler name`;
  }
  const lambda = LAMBDA_FUNCTION_ARN.exec(resource);
  if (lambda === null) {
    return undefined;
  }
  const [, name, qualifier] = lambda;
  if (name === '') {
    return `Resource '${resource}' has no function name`;
  }
  if (qualifier !== undefined && !LAMBDA_QUALIFIER.test(qualifier)) {
    return `Resource '${resource}' has an invalid version or alias '${qualifier}'`;
  }
  return undefined;
}

function checkResource(input: StateInput): void {
  if (!checkRequired(input, 'Resource', 'a Task state')) {
    return;
  }
  const resource = input.node.Resource;
  const problem = typeof resource === 'string' ? resourceProblem(resource) : 'Resource must be a string (a URI)';
  if (problem !== undefined) {
    report(input, 'Resource', problem);
  }
}

function checkTimeouts(input: StateInput): void {
  checkAtMostOne(input, ['TimeoutSeconds', 'TimeoutSecondsPath']);
  checkAtMostOne(input, ['HeartbeatSeconds', 'HeartbeatSecondsPath']);
  checkInteger(input, 'TimeoutSeconds', { min: 1, max: MAX_SECONDS });
  checkInteger(input, 'HeartbeatSeconds', { min: 1, max: MAX_SECONDS });
  checkPathField(input, 'TimeoutSecondsPath', { kind: 'reference' });
  checkPathField(input, 'HeartbeatSecondsPath', { kind: 'reference' });
  const timeout = fieldValue(input, 'TimeoutSeconds');
  const heartbeat = fieldValue(input, 'HeartbeatSeconds');
  if (typeof timeout === 'number' && typeof heartbeat === 'number' && heartbeat >= timeout) {
    report(input, 'HeartbeatSeconds', 'HeartbeatSeconds must be smaller than TimeoutSeconds');
  }
}

function checkCredentials(input: StateInput): void {
  if (has(input, 'Credentials') && !isJsonObject(input.node.Credentials)) {
    report(input, 'Credentials', 'Credentials must be an object, e.g. { "RoleArn": "..." }');
  }
}

/** Task: Resource, timeouts and heartbeats, Credentials, Retry and Catch. */
export function validateTaskState(input: StateInput): void {
  checkResource(input);
  checkTimeouts(input);
  checkCredentials(input);
  checkRetry(input);
  checkCatch(input);
}
