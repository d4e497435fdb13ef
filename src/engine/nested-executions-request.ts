import { createHash } from 'node:crypto';
import type { ParentExecution } from '../core/interpreter/snapshot.js';
import { isJsonObject, type Json } from '../core/json.js';
import { stateMachineArn, type ArnScope } from './arns.js';
import { IntegrationError } from './integrations/integration.js';

/** What a `states:startExecution` Task asks for, read from its Parameters / Arguments. */
export interface ChildExecutionRequest {
  /** The state machine (or version) ARN to start. */
  stateMachineArn: string;
  /** The child's name: given, else derived from the parent task so that a re-run starts the same child. */
  name: string;
  nameGiven: boolean;
  input: Json;
  /** `.sync` / `.sync:2`: the parent waits for the child's end. */
  pattern: ParentExecution['pattern'] | undefined;
}

export function integrationPattern(resource: string): ParentExecution['pattern'] | undefined {
  if (resource.endsWith('.sync:2')) return 'sync:2';
  return resource.endsWith('.sync') ? 'sync' : undefined;
}

function sdkError(code: string, message: string): IntegrationError {
  return new IntegrationError(
    `StepFunctions.${code}Exception`,
    `${message} (Service: AWSStepFunctions; Status Code: 400; Error Code: ${code}; Proxy: null)`,
  );
}

export function executionAlreadyExists(arn: string): IntegrationError {
  return sdkError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
}

export function stateMachineDoesNotExist(arn: string): IntegrationError {
  return sdkError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
}

/** A UUID-shaped name that is the same on every re-run of one task attempt (`idempotencyKey`). */
function derivedName(idempotencyKey: string): string {
  const hex = createHash('sha256').update(idempotencyKey).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** `Input`: JSON text as is, an object or array as JSON, absent or null as `{}` (as AWS). */
function childInput(input: Json | undefined): Json {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'string') return input;
  try {
    return JSON.parse(input) as Json;
  } catch {
    throw sdkError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${input}'`);
  }
}

/**
 * Reads `StateMachineArn`, `Input` and `Name`. A `StateMachineArn` that is no ARN names a state
 * machine of this engine's region and account (how compiled FDL sub-flows refer to their flow).
 */
export function childExecutionRequest(
  resource: string,
  parameters: Json,
  idempotencyKey: string,
  scope: ArnScope,
): ChildExecutionRequest {
  if (!isJsonObject(parameters) || typeof parameters.StateMachineArn !== 'string') {
    throw new IntegrationError(
      'States.Runtime',
      `The Parameters of '${resource}' need a string field 'StateMachineArn'.`,
    );
  }
  const target = parameters.StateMachineArn;
  const name = parameters.Name;
  if (name !== undefined && typeof name !== 'string') {
    throw sdkError('InvalidName', `Invalid Name: '${JSON.stringify(name)}'`);
  }
  return {
    stateMachineArn: target.startsWith('arn:') ? target : stateMachineArn(scope, target),
    name: name ?? derivedName(idempotencyKey),
    nameGiven: name !== undefined,
    input: childInput(parameters.Input),
    pattern: integrationPattern(resource),
  };
}
