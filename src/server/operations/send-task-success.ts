import type { Json } from '../../core/json.js';
import { ApiError } from '../api-error.js';
import { MAX_PAYLOAD_BYTES } from '../execution-start.js';
import type { Operation } from '../operation.js';
import { requestMembers, requiredString } from '../request-members.js';

/** SendTaskSuccess: ends the `.waitForTaskToken` task of the token with `output` (JSON text). */
export const sendTaskSuccess: Operation = {
  name: 'SendTaskSuccess',
  async run(body, context) {
    const input = requestMembers(body);
    const taskToken = requiredString(input, 'taskToken', { min: 1, max: 2048 });
    const text = requiredString(input, 'output', { max: MAX_PAYLOAD_BYTES, bytes: true });
    let output: Json;
    try {
      output = JSON.parse(text) as Json;
    } catch (error) {
      throw new ApiError('InvalidOutput', `Invalid Output: 'output' is not valid JSON: ${(error as Error).message}`);
    }
    await context.engine.sendTaskSuccess(taskToken, output);
    return {};
  },
};
