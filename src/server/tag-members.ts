import type { Tag } from '../store/registry-port.js';
import { validationError } from './api-error.js';
import { optionalList, type Members } from './request-members.js';

/** AWS: at most 50 tags per resource. */
export const MAX_TAGS = 50;

function tagItem(value: unknown, path: string): Tag {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw validationError(
      `1 validation error detected: Value at '${path}' failed to satisfy constraint: Member must be a structure`,
    );
  const { key, value: tagValue } = value as Record<string, unknown>;
  if (typeof key !== 'string' || key.length < 1 || key.length > 128)
    throw validationError(
      `1 validation error detected: Value at '${path}.member.key' failed to satisfy constraint: Member must be a string of 1 to 128 characters`,
    );
  if (tagValue !== undefined && tagValue !== null && (typeof tagValue !== 'string' || tagValue.length > 256))
    throw validationError(
      `1 validation error detected: Value at '${path}.member.value' failed to satisfy constraint: Member must be a string of at most 256 characters`,
    );
  return { key, value: typeof tagValue === 'string' ? tagValue : '' };
}

/** The `tags` member: `[{ key, value }]`. */
export function optionalTags(input: Members, member = 'tags'): Tag[] | undefined {
  return optionalList(input, member, tagItem);
}
