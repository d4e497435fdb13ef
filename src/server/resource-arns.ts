import { ApiError } from './api-error.js';

/** A parsed `arn:aws:states:<region>:<account>:stateMachine:<name>[:<version>]`. */
export interface StateMachineArnParts {
  /** The unqualified state machine ARN. */
  stateMachineArn: string;
  name: string;
  /** The version number of a version ARN. */
  version?: number;
  /** A non-numeric qualifier (an alias name: aliases are not supported). */
  alias?: string;
}

export interface ExecutionArnParts {
  executionArn: string;
  stateMachineName: string;
  name: string;
}

function invalidArn(arn: string, member: string, expected: string): ApiError {
  return new ApiError('InvalidArn', `Invalid Arn: '${arn}' at '${member}' is not ${expected}.`);
}

function states(arn: string): string[] | undefined {
  const parts = arn.split(':');
  return parts[0] === 'arn' && parts[1]?.startsWith('aws') && parts[2] === 'states' ? parts : undefined;
}

export function parseStateMachineArn(arn: string, member = 'stateMachineArn'): StateMachineArnParts {
  const parts = states(arn);
  if (!parts || parts[5] !== 'stateMachine' || !parts[6] || parts.length > 8)
    throw invalidArn(arn, member, 'a state machine ARN (arn:aws:states:<region>:<account>:stateMachine:<name>)');
  const stateMachineArn = parts.slice(0, 7).join(':');
  const qualifier = parts[7];
  if (qualifier === undefined) return { stateMachineArn, name: parts[6] };
  if (/^[1-9]\d{0,8}$/.test(qualifier)) return { stateMachineArn, name: parts[6], version: Number(qualifier) };
  if (qualifier === '') throw invalidArn(arn, member, 'a state machine ARN (empty qualifier)');
  return { stateMachineArn, name: parts[6], alias: qualifier };
}

export function parseExecutionArn(arn: string, member = 'executionArn'): ExecutionArnParts {
  const parts = states(arn);
  if (!parts || (parts[5] !== 'execution' && parts[5] !== 'express') || !parts[6] || !parts[7] || parts.length > 9)
    throw invalidArn(
      arn,
      member,
      'an execution ARN (arn:aws:states:<region>:<account>:execution:<state machine>:<name>)',
    );
  return { executionArn: arn, stateMachineName: parts[6], name: parts[7] };
}

/** The kind of resource an ARN names (`stateMachine`, `activity`, ...), or undefined when it is no states ARN. */
export function resourceTypeOf(arn: string): string | undefined {
  const parts = states(arn);
  return parts && parts.length >= 7 ? parts[5] : undefined;
}
