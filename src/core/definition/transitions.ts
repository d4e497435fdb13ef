import { isJsonObject, type Json, type JsonObject } from '../json.js';
import { childPath, indexPath } from './problem-list.js';

/** A transition out of a state: the field that names the target, where it is, and the target. */
export interface Transition {
  field: string;
  path: string;
  target: string;
}

function fromList(state: JsonObject, statePath: string, field: 'Choices' | 'Catch'): Transition[] {
  const list: Json | undefined = state[field];
  if (!Array.isArray(list)) {
    return [];
  }
  return list.flatMap((item, index) => {
    const next = isJsonObject(item) ? item.Next : undefined;
    if (typeof next !== 'string') {
      return [];
    }
    const path = childPath(indexPath(childPath(statePath, field), index), 'Next');
    return [{ field: `${field}[${index}].Next`, path, target: next }];
  });
}

/** Every transition a state declares: Next, Default, Choices[].Next and Catch[].Next. */
export function listTransitions(state: JsonObject, statePath: string): Transition[] {
  const direct = (['Next', 'Default'] as const).flatMap((field) => {
    const target = state[field];
    return typeof target === 'string' ? [{ field, path: childPath(statePath, field), target }] : [];
  });
  return [...direct, ...fromList(state, statePath, 'Choices'), ...fromList(state, statePath, 'Catch')];
}
