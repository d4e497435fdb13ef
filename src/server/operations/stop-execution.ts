import { epochSeconds } from '../epoch-seconds.js';
import { parseExecutionArn } from '../resource-arns.js';
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
    parseExecutionArn(arn);
    // The engine stops a RUNNING execution, answers an ended one's stopDate, and reports an unknown one.
    const { stopDate } = await context.engine.stopExecution(arn, error, cause);
    return { stopDate: epochSeconds(stopDate) };
  },
};
