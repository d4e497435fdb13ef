import { epochSeconds } from '../epoch-seconds.js';
import { findExecution } from '../execution-view.js';
import type { Operation } from '../operation.js';
import { optionalString, requestMembers, requiredString } from '../request-members.js';

/**
 * StopExecution: the execution ends ABORTED (an ExecutionAborted event with the given error and cause;
 * in-flight task handlers are aborted). Stopping an execution that already ended answers its stopDate.
 */
export const stopExecution: Operation = {
  name: 'StopExecution',
  async run(body, context) {
    const input = requestMembers(body);
    const arn = requiredString(input, 'executionArn', { min: 1, max: 2048 });
    const error = optionalString(input, 'error', { max: 256 });
    const cause = optionalString(input, 'cause', { max: 32_768 });
    const before = await findExecution(context, arn);
    if (before.status === 'RUNNING') await context.engine.stopExecution(arn, error, cause);
    const after = await findExecution(context, arn);
    return { stopDate: epochSeconds(after.stopDate ?? context.now()) };
  },
};
