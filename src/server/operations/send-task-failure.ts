import type { Operation } from '../operation.js';
import { optionalString, requestMembers, requiredString } from '../request-members.js';

/** SendTaskFailure: fails the task of the token with `error` and `cause` (Retry and Catch apply). */
export const sendTaskFailure: Operation = {
  name: 'SendTaskFailure',
  async run(body, context) {
    const input = requestMembers(body);
    const taskToken = requiredString(input, 'taskToken', { min: 1, max: 2048 });
    const error = optionalString(input, 'error', { max: 256 });
    const cause = optionalString(input, 'cause', { max: 32_768 });
    await context.engine.sendTaskFailure(taskToken, error, cause);
    return {};
  },
};
