import { ApiError } from '../api-error.js';
import { epochSeconds } from '../epoch-seconds.js';
import type { Operation, ServerContext } from '../operation.js';
import { optionalObject, requestMembers, requiredString } from '../request-members.js';
import { checkName } from '../state-machine-members.js';
import { MAX_TAGS, optionalTags } from '../tag-members.js';

export function activityArnOf(context: Pick<ServerContext, 'region' | 'account'>, name: string): string {
  return `arn:aws:states:${context.region}:${context.account}:activity:${name}`;
}

/**
 * CreateActivity: idempotent on the name, as AWS: creating an existing activity returns its ARN and
 * creation date and changes nothing (tags of a repeated request are ignored).
 */
export const createActivity: Operation = {
  name: 'CreateActivity',
  async run(body, context) {
    const input = requestMembers(body);
    const name = checkName(requiredString(input, 'name', { min: 1, max: 80 }), 'name');
    optionalObject(input, 'encryptionConfiguration');
    const tags = optionalTags(input) ?? [];
    if (tags.length > MAX_TAGS)
      throw new ApiError('TooManyTags', `Too Many Tags: at most ${MAX_TAGS} tags per resource (got ${tags.length}).`);
    const { created, record } = await context.registry.createActivity({
      activityArn: activityArnOf(context, name),
      name,
      creationDate: context.now(),
    });
    if (created && tags.length > 0) await context.registry.tagResource(record.activityArn, tags);
    return { activityArn: record.activityArn, creationDate: epochSeconds(record.creationDate) };
  },
};
