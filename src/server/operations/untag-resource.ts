import type { Operation } from '../operation.js';
import { optionalList, requestMembers, requiredString, stringItem } from '../request-members.js';
import { findTaggableResource } from '../taggable-resource.js';

/** UntagResource: removes tags by key (keys that are not there are ignored). */
export const untagResource: Operation = {
  name: 'UntagResource',
  async run(body, context) {
    const input = requestMembers(body);
    const arn = requiredString(input, 'resourceArn', { min: 1, max: 256 });
    const keys = optionalList(input, 'tagKeys', stringItem({ min: 1, max: 128 })) ?? [];
    await findTaggableResource(context, arn);
    await context.registry.untagResource(arn, keys);
    return {};
  },
};
