import { nameProblem } from '../engine/arns.js';
import { ApiError, validationError } from './api-error.js';
import { canonicalJson } from './canonical-json.js';
import { optionalBoolean, optionalObject, optionalString, type Members } from './request-members.js';

/** What Describe echoes when a state machine was created without these configurations (as AWS). */
export const DEFAULT_LOGGING = { level: 'OFF', includeExecutionData: false };
export const DEFAULT_TRACING = { enabled: false };

const LOG_LEVELS = ['ALL', 'ERROR', 'FATAL', 'OFF'];

/** Names of state machines and executions: InvalidName naming the member. */
export function checkName(name: string, member: string): string {
  const problem = nameProblem(name);
  if (problem) throw new ApiError('InvalidName', `Invalid Name: '${name}' (${member} ${problem})`);
  return name;
}

export function checkRoleArn(roleArn: string): string {
  if (!roleArn.startsWith('arn:'))
    throw new ApiError('InvalidArn', `Invalid Arn: '${roleArn}' at 'roleArn' is not an ARN.`);
  return roleArn;
}

/** `loggingConfiguration` as canonical JSON text (stored and echoed, not acted on), or undefined when absent. */
export function loggingConfigurationOf(input: Members): string | undefined {
  const logging = optionalObject(input, 'loggingConfiguration');
  if (!logging) return undefined;
  const level = logging.level;
  if (level !== undefined && level !== null && (typeof level !== 'string' || !LOG_LEVELS.includes(level)))
    throw new ApiError(
      'InvalidLoggingConfiguration',
      `Invalid Logging Configuration: 'loggingConfiguration.level' must be one of ${LOG_LEVELS.join(', ')}.`,
    );
  optionalBoolean(logging, 'includeExecutionData');
  if (logging.destinations !== undefined && logging.destinations !== null && !Array.isArray(logging.destinations))
    throw validationError(
      "1 validation error detected: Value at 'loggingConfiguration.destinations' failed to satisfy constraint: Member must be a list",
    );
  return canonicalJson({ ...DEFAULT_LOGGING, ...logging });
}

/** `tracingConfiguration` as canonical JSON text, or undefined when absent. */
export function tracingConfigurationOf(input: Members): string | undefined {
  const tracing = optionalObject(input, 'tracingConfiguration');
  if (!tracing) return undefined;
  const enabled = optionalBoolean(tracing, 'enabled');
  return canonicalJson({ enabled: enabled ?? false });
}

/** `versionDescription` (max 256), only allowed with `publish: true`. */
export function versionDescriptionOf(input: Members, publish: boolean): string | undefined {
  const description = optionalString(input, 'versionDescription', { max: 256 });
  if (description !== undefined && !publish)
    throw validationError("'versionDescription' can only be set when 'publish' is true.");
  return description;
}
