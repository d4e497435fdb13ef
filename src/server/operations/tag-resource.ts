import { ApiError } from '../api-error.js';
import type { Operation } from '../operation.js';
import { requestMembers, requiredString } from '../request-members.js';
import { findTaggableResource } from '../taggable-resource.js';
import { MAX_TAGS, optionalTags } from '../tag-members.js';

/** TagResource: adds or overwrites tags of a state machine or activity (at most 50 per resource). */
export const tagResource: Operation = {
  name: 'TagResource',
  async run(body, context) {
    const input = requestMembers(body);
    const arn = requiredString(input, 'resourceArn', { min: 1, max: 256 });
    const tags = optionalTags(input) ?? [];
    await findTaggableResource(context, arn);
    const keys = new Set([
      ...(await context.registry.listTags(arn)).map((tag) => tag.key),
      ...tags.map((tag) => tag.key),
    ]);
    if (keys.size > MAX_TAGS) {
      throw new ApiError('TooManyTags', `Too Many Tags: a resource has at most ${MAX_TAGS} tags ('${arn}').`, 400, {
        resourceName: arn,
      });
    }
    await context.registry.tagResource(arn, tags);
    return {};
  },
};
