import type { Operation } from '../operation.js';
import { requestMembers, requiredString } from '../request-members.js';

/** SendTaskHeartbeat: restarts the HeartbeatSeconds clock of the task of the token. */
export const sendTaskHeartbeat: Operation = {
  name: 'SendTaskHeartbeat',
  async run(body, context) {
    const input = requestMembers(body);
    const taskToken = requiredString(input, 'taskToken', { min: 1, max: 2048 });
    await context.engine.sendTaskHeartbeat(taskToken);
    return {};
  },
};
