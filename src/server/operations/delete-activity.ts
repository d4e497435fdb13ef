import type { Operation } from '../operation.js';
import { requestMembers } from '../request-members.js';
import { activityArnMember } from './describe-activity.js';

/**
 * DeleteActivity: removes the activity, its queued tasks and its tags. Deleting an activity that does
 * not exist succeeds. Executions waiting in an activity task keep waiting until their timeouts.
 */
export const deleteActivity: Operation = {
  name: 'DeleteActivity',
  async run(body, context) {
    await context.registry.deleteActivity(activityArnMember(requestMembers(body)));
    return {};
  },
};
