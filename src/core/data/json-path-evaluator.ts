import { isJsonObject } from '../json.js';
import type { Json, JsonObject } from '../json.js';
import { setOwnProperty } from './own-property.js';
import type { PathContext } from './path-context.js';
import type { FilterExpression, FilterOperand, FilterPath, PathSegment, PathSelector } from './json-path-types.js';

/** What a path yields: `found` is false when a definite path misses. */
export interface PathResult {
  found: boolean;
  value: Json;
}

/** The document a path runs on (what `$` means inside filters) and the context for `$$` and `$name`. */
export interface EvaluationScope {
  document: Json;
  ctx: PathContext;
}

const MISSING: PathResult = { found: false, value: null };

/** Applies the steps to `start` and returns every node matched, in document order. */
export function selectNodes(start: Json, segments: readonly PathSegment[], scope: EvaluationScope): Json[] {
  let nodes: Json[] = [start];
  const last = segments.length - 1;
  segments.forEach((segment, position) => {
    nodes = nodes.flatMap((node) =>
      segment.type === 'deep-scan'
        ? applyDeepScan(node, segment.selector, scope)
        : applySelector(node, segment, position === last, scope),
    );
  });
  return nodes;
}

/** Reads an ASL variable; a name that is not defined is reported as not found. */
export function lookupVariable(ctx: PathContext, name: string): PathResult {
  const variables = ctx.variables;
  if (variables === undefined || !Object.hasOwn(variables, name)) return MISSING;
  return { found: true, value: variables[name] ?? null };
}

/** Deep structural equality of two JSON values. */
export function jsonEquals(left: Json, right: Json): boolean {
  if (left === right) return true;
  if (Array.isArray(left)) {
    return (
      Array.isArray(right) &&
      left.length === right.length &&
      left.every((item, i) => jsonEquals(item, right[i] ?? null))
    );
  }
  if (!isJsonObject(left) || !isJsonObject(right)) return false;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  return keys.every((key) => Object.hasOwn(right, key) && jsonEquals(left[key] ?? null, right[key] ?? null));
}

function property(node: Json, name: string): Json[] {
  return isJsonObject(node) && Object.hasOwn(node, name) ? [node[name] ?? null] : [];
}

function elementAt(array: Json[], index: number): Json[] {
  const position = index < 0 ? array.length + index : index;
  return position >= 0 && position < array.length ? [array[position] ?? null] : [];
}

function applySelector(node: Json, selector: PathSelector, isLast: boolean, scope: EvaluationScope): Json[] {
  switch (selector.type) {
    case 'name':
      return property(node, selector.name);
    case 'index':
      return Array.isArray(node) ? elementAt(node, selector.index) : [];
    case 'wildcard':
      return childrenOf(node);
    case 'slice':
      return Array.isArray(node) ? sliceArray(node, selector.start, selector.end, selector.step) : [];
    case 'indexes':
      return Array.isArray(node) ? selector.indexes.flatMap((index) => elementAt(node, index)) : [];
    case 'names':
      return applyNames(node, selector.names, isLast);
    case 'filter':
      return applyFilter(node, selector.filter, scope);
  }
}

/** Jayway: a trailing `['a','b']` merges the properties found into one object; elsewhere it fans out. */
function applyNames(node: Json, names: readonly string[], isLast: boolean): Json[] {
  if (!isJsonObject(node)) return [];
  if (!isLast) return names.flatMap((name) => property(node, name));
  const merged: JsonObject = {};
  for (const name of names) if (Object.hasOwn(node, name)) setOwnProperty(merged, name, node[name] ?? null);
  return [merged];
}

/** Jayway: an array keeps its matching elements; an object is kept when it matches itself. */
function applyFilter(node: Json, filter: FilterExpression, scope: EvaluationScope): Json[] {
  if (Array.isArray(node)) return node.filter((item) => testFilter(filter, item, scope));
  if (isJsonObject(node)) return testFilter(filter, node, scope) ? [node] : [];
  return [];
}

function applyDeepScan(node: Json, selector: PathSelector, scope: EvaluationScope): Json[] {
  const below = descendantsOf(node);
  if (selector.type === 'filter') return below.filter((item) => testFilter(selector.filter, item, scope));
  return [node, ...below].flatMap((item) => applySelector(item, selector, false, scope));
}

function childrenOf(node: Json): Json[] {
  if (Array.isArray(node)) return [...node];
  return isJsonObject(node) ? Object.values(node) : [];
}

function descendantsOf(node: Json): Json[] {
  return childrenOf(node).flatMap((child) => [child, ...descendantsOf(child)]);
}

/** Python-style slice: negative bounds count from the end, a negative step walks backwards. */
export function sliceArray(
  array: readonly Json[],
  start: number | null,
  end: number | null,
  step: number | null,
): Json[] {
  const length = array.length;
  const stride = step ?? 1;
  const result: Json[] = [];
  if (stride > 0) {
    const from = clampForward(start ?? 0, length);
    const to = clampForward(end ?? length, length);
    for (let index = from; index < to; index += stride) result.push(array[index] ?? null);
  } else {
    const from = start === null ? length - 1 : clampBackward(start, length);
    const to = end === null ? -1 : clampBackward(end, length);
    for (let index = from; index > to; index += stride) result.push(array[index] ?? null);
  }
  return result;
}

function clampForward(bound: number, length: number): number {
  return bound < 0 ? Math.max(bound + length, 0) : Math.min(bound, length);
}

function clampBackward(bound: number, length: number): number {
  return bound < 0 ? Math.max(bound + length, -1) : Math.min(bound, length - 1);
}

function testFilter(filter: FilterExpression, current: Json, scope: EvaluationScope): boolean {
  switch (filter.type) {
    case 'or':
      return testFilter(filter.left, current, scope) || testFilter(filter.right, current, scope);
    case 'and':
      return testFilter(filter.left, current, scope) && testFilter(filter.right, current, scope);
    case 'not':
      return !testFilter(filter.operand, current, scope);
    case 'exists':
      return resolveFilterPath(filter.path, current, scope).found;
    case 'compare':
      return compare(
        filter.operator,
        resolveOperand(filter.left, current, scope),
        resolveOperand(filter.right, current, scope),
      );
  }
}

function resolveOperand(operand: FilterOperand, current: Json, scope: EvaluationScope): PathResult {
  return operand.type === 'literal'
    ? { found: true, value: operand.value }
    : resolveFilterPath(operand.path, current, scope);
}

function filterRoot(path: FilterPath, current: Json, scope: EvaluationScope): PathResult {
  if (path.root === '@') return { found: true, value: current };
  if (path.root === '$') return { found: true, value: scope.document };
  if (path.root === '$$') return { found: true, value: scope.ctx.context };
  return lookupVariable(scope.ctx, path.variable ?? '');
}

/** A definite path yields its node; an indefinite one the list of matches (present when not empty). */
function resolveFilterPath(path: FilterPath, current: Json, scope: EvaluationScope): PathResult {
  const root = filterRoot(path, current, scope);
  if (!root.found) return MISSING;
  const nodes = selectNodes(root.value, path.segments, scope);
  if (!path.definite) return { found: nodes.length > 0, value: nodes };
  return nodes.length > 0 ? { found: true, value: nodes[0] ?? null } : MISSING;
}

/** Jayway: `!=` is the negation of `==`; ordering needs two numbers or two strings. */
function compare(operator: string, left: PathResult, right: PathResult): boolean {
  if (operator === '!=') return !compare('==', left, right);
  if (!left.found || !right.found) return false;
  if (operator === '==') return jsonEquals(left.value, right.value);
  const a = left.value;
  const b = right.value;
  const comparable =
    (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string');
  if (!comparable) return false;
  if (operator === '<') return a < b;
  if (operator === '<=') return a <= b;
  if (operator === '>') return a > b;
  return a >= b;
}
