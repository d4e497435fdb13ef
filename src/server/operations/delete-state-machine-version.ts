import { validationError } from '../api-error.js';
import type { Operation } from '../operation.js';
import { requestMembers, requiredString } from '../request-members.js';
import { parseStateMachineArn } from '../resource-arns.js';

/** DeleteStateMachineVersion: idempotent (a version that does not exist is already deleted). */
export const deleteStateMachineVersion: Operation = {
  name: 'DeleteStateMachineVersion',
  async run(body, context) {
    const input = requestMembers(body);
    const arn = requiredString(input, 'stateMachineVersionArn', { min: 1, max: 2048 });
    const parts = parseStateMachineArn(arn, 'stateMachineVersionArn');
    if (parts.version === undefined)
      throw validationError(`'stateMachineVersionArn' must be a version ARN (<state machine ARN>:<version>): '${arn}'`);
    await context.registry.deleteStateMachineVersion(arn);
    return {};
  },
};
