import { epochSeconds } from '../epoch-seconds.js';
import { startExecutionOf } from '../execution-start.js';
import type { Operation } from '../operation.js';
import { requestMembers } from '../request-members.js';

/**
 * StartExecution on a state machine or version ARN. Idempotent for STANDARD: the same name and input
 * while the first execution runs returns its ARN and startDate; otherwise a reused name is ExecutionAlreadyExists.
 */
export const startExecution: Operation = {
  name: 'StartExecution',
  async run(body, context) {
    const { executionArn, startDate } = await startExecutionOf(requestMembers(body), context);
    return { executionArn, startDate: epochSeconds(startDate) };
  },
};
