import type { Json } from '../json.js';
import { StatesError } from '../states-error.js';
import { lookupVariable, selectNodes } from './json-path-evaluator.js';
import type { PathResult } from './json-path-evaluator.js';
import { parsePath } from './json-path-parser.js';
import { PathSyntaxError } from './json-path-types.js';
import type { ParsedPath, PathSegment, PathSelector } from './json-path-types.js';
import type { PathContext } from './path-context.js';

export { parsePath } from './json-path-parser.js';
export { PathSyntaxError } from './json-path-types.js';
export type { PathResult } from './json-path-evaluator.js';
export type {
  ComparisonOperator,
  FilterExpression,
  FilterOperand,
  FilterPath,
  ParsedPath,
  PathRoot,
  PathSegment,
  PathSelector,
} from './json-path-types.js';

const CACHE_LIMIT = 1000;
const parsedPaths = new Map<string, ParsedPath>();

/**
 * parsePath with a bounded least-recently-used cache: the same paths are evaluated
 * on every transition. The result is shared: callers must not mutate it.
 */
export function getParsedPath(path: string): ParsedPath {
  const cached = parsedPaths.get(path);
  if (cached !== undefined) {
    parsedPaths.delete(path);
    parsedPaths.set(path, cached);
    return cached;
  }
  const parsed = parsePath(path);
  if (parsedPaths.size >= CACHE_LIMIT) {
    const oldest = parsedPaths.keys().next();
    if (oldest.done !== true) parsedPaths.delete(oldest.value);
  }
  parsedPaths.set(path, parsed);
  return parsed;
}

/** A Reference Path names one node: only names and non-negative indexes. */
export function isReferencePath(parsed: ParsedPath): boolean {
  return parsed.segments.every(
    (segment) => segment.type === 'name' || (segment.type === 'index' && segment.index >= 0),
  );
}

/**
 * Evaluates a path on the input (`$`), the context object (`$$`) or a variable (`$name`).
 * Definite path: the node, or found=false when a step misses. Indefinite path: the array of
 * matches, found even when empty. An undefined variable is never found. The value shares
 * structure with ctx: treat it as read-only. Throws PathSyntaxError for an invalid path.
 */
export function evaluatePath(path: string, ctx: PathContext): PathResult {
  return evaluateParsedPath(getParsedPath(path), ctx);
}

export function evaluateParsedPath(parsed: ParsedPath, ctx: PathContext): PathResult {
  const root = rootOf(parsed, ctx);
  if (!root.found) return root;
  const nodes = selectNodes(root.value, parsed.segments, { document: root.value, ctx });
  if (!parsed.definite) return { found: true, value: nodes };
  const [first] = nodes;
  return first === undefined ? { found: false, value: null } : { found: true, value: first };
}

function rootOf(parsed: ParsedPath, ctx: PathContext): PathResult {
  if (parsed.root === '$') return { found: true, value: ctx.input };
  if (parsed.root === '$$') return { found: true, value: ctx.context };
  return lookupVariable(ctx, parsed.variable ?? '');
}

/**
 * evaluatePath that fails with `failure.error` when nothing is found, with AWS's cause:
 * "Invalid path '$.missing' : No results for path: $['missing']". `failure.what` names the
 * field (e.g. 'InputPath') in the cause when the path itself is invalid.
 */
export function readPath(path: string, ctx: PathContext, failure: { error: string; what: string }): Json {
  let result: PathResult;
  try {
    result = evaluatePath(path, ctx);
  } catch (error) {
    if (error instanceof PathSyntaxError)
      throw new StatesError(failure.error, `Invalid ${failure.what} '${path}': ${error.detail}`);
    throw error;
  }
  if (result.found) return result.value;
  throw new StatesError(failure.error, noResultsCause(path));
}

/** The cause AWS gives for a path that matches nothing. */
export function noResultsCause(path: string): string {
  return `Invalid path '${path}' : No results for path: ${formatNormalizedPath(getParsedPath(path))}`;
}

/** Jayway's normalised bracket form: `$.a.b[0]` → `$['a']['b'][0]`. */
export function formatNormalizedPath(parsed: ParsedPath): string {
  const root = parsed.root === 'variable' ? `$${parsed.variable ?? ''}` : parsed.root;
  return root + parsed.segments.map(formatSegment).join('');
}

function formatSegment(segment: PathSegment): string {
  return segment.type === 'deep-scan' ? `..${formatSelector(segment.selector)}` : formatSelector(segment);
}

function formatSelector(selector: PathSelector): string {
  switch (selector.type) {
    case 'name':
      return `[${quoteName(selector.name)}]`;
    case 'index':
      return `[${selector.index}]`;
    case 'wildcard':
      return '[*]';
    case 'slice': {
      const step = selector.step === null ? '' : `:${selector.step}`;
      return `[${selector.start ?? ''}:${selector.end ?? ''}${step}]`;
    }
    case 'names':
      return `[${selector.names.map(quoteName).join(',')}]`;
    case 'indexes':
      return `[${selector.indexes.join(',')}]`;
    case 'filter':
      return `[${selector.source}]`;
  }
}

function quoteName(name: string): string {
  return `'${name.replace(/[\\']/g, (char) => `\\${char}`)}'`;
}
