import { ExecutionNotRedrivableError } from '../../engine/redrive-execution.js';
import { ApiError } from '../api-error.js';
import { epochSeconds } from '../epoch-seconds.js';
import { findExecution } from '../execution-view.js';
import type { Operation } from '../operation.js';
import { optionalString, requestMembers, requiredString } from '../request-members.js';
import { parseExecutionArn } from '../resource-arns.js';

function notRedrivable(message: string): ApiError {
  return new ApiError('ExecutionNotRedrivable', message);
}

/**
 * RedriveExecution: an execution that ended FAILED, TIMED_OUT or ABORTED within the last 14 days
 * resumes from where it stopped (same ARN, definition and input; what succeeded is not run again).
 * Idempotent per `clientToken`. Errors: InvalidArn, ExecutionDoesNotExist, ExecutionNotRedrivable.
 */
export const redriveExecution: Operation = {
  name: 'RedriveExecution',
  async run(body, context) {
    const input = requestMembers(body);
    const arn = requiredString(input, 'executionArn', { min: 1, max: 2048 });
    const clientToken = optionalString(input, 'clientToken', { min: 1, max: 64, pattern: /^[!-~]+$/ });
    if (parseExecutionArn(arn).executionArn.split(':')[5] === 'express') {
      throw notRedrivable(`Express executions cannot be redriven: '${arn}'`);
    }
    await findExecution(context, arn);
    try {
      const { redriveDate } = await context.engine.redriveExecution(arn, clientToken);
      return { redriveDate: epochSeconds(redriveDate) };
    } catch (error) {
      if (error instanceof ExecutionNotRedrivableError) throw notRedrivable(`${error.reason}: '${arn}'`);
      throw error;
    }
  },
};
