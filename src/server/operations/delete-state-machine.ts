import { validationError } from '../api-error.js';
import type { Operation } from '../operation.js';
import { requestMembers, requiredString } from '../request-members.js';
import { parseStateMachineArn } from '../resource-arns.js';

/**
 * DeleteStateMachine: removes the state machine, its versions and tags. Idempotent (deleting a state
 * machine that does not exist succeeds, as AWS). Running executions are NOT stopped: they finish on
 * the definition they are pinned to (AWS stops them at their next transition).
 */
export const deleteStateMachine: Operation = {
  name: 'DeleteStateMachine',
  async run(body, context) {
    const input = requestMembers(body);
    const arn = requiredString(input, 'stateMachineArn', { min: 1, max: 256 });
    const parts = parseStateMachineArn(arn);
    if (parts.version !== undefined || parts.alias !== undefined)
      throw validationError(
        `'stateMachineArn' must be an unqualified state machine ARN; delete a version with DeleteStateMachineVersion: '${arn}'`,
      );
    await context.registry.deleteStateMachine(parts.stateMachineArn);
    return {};
  },
};
