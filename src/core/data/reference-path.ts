import { isJsonObject } from '../json.js';
import type { Json } from '../json.js';
import { StatesError } from '../states-error.js';
import { getParsedPath, isReferencePath, PathSyntaxError } from './json-path.js';
import type { PathSegment } from './json-path.js';

/** Thrown inside the walk; turned into a StatesError that names the whole path and input. */
class MatchFailure extends Error {}

/**
 * Applies a ResultPath: returns a copy of `target` with `value` placed at `path` (`$` replaces
 * everything). Missing intermediate objects are created; `target` is never mutated, and parts
 * of it that the path does not touch are shared with the result. Fails with
 * States.ResultPathMatchFailure when an intermediate is not an object (or not an array with
 * that index). Throws PathSyntaxError when `path` is not a Reference Path rooted at `$`.
 */
export function setAtReferencePath(target: Json, path: string, value: Json): Json {
  const parsed = getParsedPath(path);
  if (parsed.root !== '$') {
    const root = parsed.root === 'variable' ? `$${parsed.variable ?? ''}` : parsed.root;
    throw new PathSyntaxError(path, `a ResultPath must start with '$', not '${root}'`);
  }
  if (!isReferencePath(parsed)) throw new PathSyntaxError(path, 'a Reference Path may only hold names and indexes');
  try {
    return setAt(target, parsed.segments, 0, value);
  } catch (error) {
    if (!(error instanceof MatchFailure)) throw error;
    const input = JSON.stringify(JSON.stringify(target));
    throw new StatesError('States.ResultPathMatchFailure', `Unable to apply ReferencePath ${path} to input ${input}`);
  }
}

function setAt(node: Json, segments: readonly PathSegment[], position: number, value: Json): Json {
  const segment = segments[position];
  if (segment === undefined) return value;
  if (segment.type === 'name') {
    if (!isJsonObject(node)) throw new MatchFailure();
    const child = Object.hasOwn(node, segment.name) ? (node[segment.name] ?? null) : {};
    return { ...node, [segment.name]: setAt(child, segments, position + 1, value) };
  }
  if (segment.type === 'index') {
    if (!Array.isArray(node) || segment.index >= node.length) throw new MatchFailure();
    const copy = [...node];
    copy[segment.index] = setAt(node[segment.index] ?? null, segments, position + 1, value);
    return copy;
  }
  throw new MatchFailure();
}
