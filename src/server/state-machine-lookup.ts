import type { StateMachineRecord, StateMachineVersionRecord } from '../store/registry-port.js';
import { ApiError } from './api-error.js';
import type { ServerContext } from './operation.js';
import { parseStateMachineArn } from './resource-arns.js';

/** A state machine as an API request names it: unqualified, or one of its versions. */
export interface ResolvedStateMachine {
  stateMachine: StateMachineRecord;
  /** Set when the ARN was a version ARN. */
  version?: StateMachineVersionRecord;
  /** The definition text of the version, else of the state machine. */
  definition: string;
  roleArn: string;
}

export function stateMachineDoesNotExist(arn: string): ApiError {
  return new ApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
}

/** Finds the state machine (or version) of an ARN; InvalidArn, or StateMachineDoesNotExist. */
export async function findStateMachine(
  context: ServerContext,
  arn: string,
  member = 'stateMachineArn',
): Promise<ResolvedStateMachine> {
  const parts = parseStateMachineArn(arn, member);
  if (parts.alias !== undefined) {
    throw new ApiError('ResourceNotFound', `Resource not found: '${arn}' (state machine aliases are not supported).`);
  }
  const stateMachine = await context.registry.getStateMachine(parts.stateMachineArn);
  if (!stateMachine) throw stateMachineDoesNotExist(arn);
  if (parts.version === undefined)
    return { stateMachine, definition: stateMachine.definition, roleArn: stateMachine.roleArn };
  const version = await context.registry.getStateMachineVersion(arn);
  if (!version) throw stateMachineDoesNotExist(arn);
  return { stateMachine, version, definition: version.definition, roleArn: version.roleArn };
}
