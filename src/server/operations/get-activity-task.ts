import type { Operation, ServerContext } from '../operation.js';
import { optionalString, requestMembers } from '../request-members.js';
import { activityArnMember, findActivity } from './describe-activity.js';

/** A context that carries the request's abort signal (the client disconnected), when the server gives one. */
type WithSignal = ServerContext & { signal?: AbortSignal };

/**
 * GetActivityTask: long-polls (up to 60 s, as AWS) for a task of the activity. Answers
 * `{ taskToken, input }` (input as JSON text), or `{}` when none came in time.
 */
export const getActivityTask: Operation = {
  name: 'GetActivityTask',
  async run(body, context) {
    const input = requestMembers(body);
    const activityArn = activityArnMember(input);
    const workerName = optionalString(input, 'workerName', { min: 1, max: 80 });
    await findActivity(context, activityArn);
    const { signal } = context as WithSignal;
    const task = await context.engine.getActivityTask(activityArn, workerName, signal ? { signal } : {});
    return task ? { taskToken: task.taskToken, input: JSON.stringify(task.input) } : {};
  },
};
