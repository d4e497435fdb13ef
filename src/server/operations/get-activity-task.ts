import type { Operation } from '../operation.js';
import { optionalString, requestMembers } from '../request-members.js';
import { activityArnMember, findActivity } from './describe-activity.js';

/**
 * GetActivityTask: long-polls (up to 60 s, as AWS) for a task of the activity. Answers
 * `{ taskToken, input }` (input as JSON text), or `{}` when none came in time. A worker that hangs up
 * ends its poll (the request's `signal`): tasks queued after that go to other workers.
 */
export const getActivityTask: Operation = {
  name: 'GetActivityTask',
  async run(body, context) {
    const input = requestMembers(body);
    const activityArn = activityArnMember(input);
    const workerName = optionalString(input, 'workerName', { min: 1, max: 80 });
    await findActivity(context, activityArn);
    const { signal } = context;
    const task = await context.engine.getActivityTask(activityArn, workerName, signal ? { signal } : {});
    return task ? { taskToken: task.taskToken, input: JSON.stringify(task.input) } : {};
  },
};
