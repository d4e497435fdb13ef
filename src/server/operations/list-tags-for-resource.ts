import type { Operation } from '../operation.js';
import { requestMembers, requiredString } from '../request-members.js';
import { findTaggableResource } from '../taggable-resource.js';

export const listTagsForResource: Operation = {
  name: 'ListTagsForResource',
  async run(body, context) {
    const input = requestMembers(body);
    const arn = requiredString(input, 'resourceArn', { min: 1, max: 256 });
    await findTaggableResource(context, arn);
    const tags = await context.registry.listTags(arn);
    return { tags: tags.map((tag) => ({ key: tag.key, value: tag.value })) };
  },
};
