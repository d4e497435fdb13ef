import type { ActivityRecord } from '../../store/registry-port.js';
import { ApiError } from '../api-error.js';
import { epochSeconds } from '../epoch-seconds.js';
import type { Operation, ServerContext } from '../operation.js';
import { requestMembers, requiredString, type Members } from '../request-members.js';

const ACTIVITY_ARN = /^arn:aws[\w-]*:states:[^:]+:[^:]+:activity:[^:]+$/;

/** The `activityArn` member: required, and an activity ARN (`arn:aws:states:<region>:<account>:activity:<name>`). */
export function activityArnMember(input: Members, member = 'activityArn'): string {
  const arn = requiredString(input, member, { min: 1, max: 256 });
  if (!ACTIVITY_ARN.test(arn))
    throw new ApiError(
      'InvalidArn',
      `Invalid Arn: '${arn}' at '${member}' is not an activity ARN (arn:aws:states:<region>:<account>:activity:<name>).`,
    );
  return arn;
}

/** The activity of the ARN; ActivityDoesNotExist when there is none. */
export async function findActivity(context: ServerContext, arn: string): Promise<ActivityRecord> {
  const activity = await context.registry.getActivity(arn);
  if (!activity) throw new ApiError('ActivityDoesNotExist', `Activity Does Not Exist: '${arn}'`);
  return activity;
}

/** DescribeActivity: the activity's ARN, name and creation date. */
export const describeActivity: Operation = {
  name: 'DescribeActivity',
  async run(body, context) {
    const activity = await findActivity(context, activityArnMember(requestMembers(body)));
    return {
      activityArn: activity.activityArn,
      name: activity.name,
      creationDate: epochSeconds(activity.creationDate),
    };
  },
};
