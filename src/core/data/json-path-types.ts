import type { Json } from '../json.js';

/**
 * Where a path starts: `$` is the state input, `$$` the Context Object and
 * `variable` an ASL variable (`$name`, the name is in `ParsedPath.variable`).
 */
export type PathRoot = '$' | '$$' | 'variable';

/** One selector applied to every node matched so far. */
export type PathSelector =
  | { type: 'name'; name: string }
  | { type: 'index'; index: number }
  | { type: 'wildcard' }
  | { type: 'slice'; start: number | null; end: number | null; step: number | null }
  | { type: 'names'; names: string[] }
  | { type: 'indexes'; indexes: number[] }
  | { type: 'filter'; filter: FilterExpression; source: string };

/** A selector, or `..selector` (the selector applied to a node and to all its descendants). */
export type PathSegment = PathSelector | { type: 'deep-scan'; selector: PathSelector };

export interface ParsedPath {
  source: string;
  root: PathRoot;
  /** The variable name when `root` is `variable` (`$customer.id` → `customer`). */
  variable?: string;
  segments: PathSegment[];
  /** True when the path can match at most one node (Jayway's "definite path"). */
  definite: boolean;
}

/** A path inside a filter: `@` is the node under test, `$` the root of the document being queried. */
export interface FilterPath {
  root: '@' | '$' | '$$' | 'variable';
  variable?: string;
  segments: PathSegment[];
  definite: boolean;
}

export type ComparisonOperator = '==' | '!=' | '<' | '<=' | '>' | '>=';

export type FilterOperand = { type: 'literal'; value: Json } | { type: 'path'; path: FilterPath };

export type FilterExpression =
  | { type: 'or'; left: FilterExpression; right: FilterExpression }
  | { type: 'and'; left: FilterExpression; right: FilterExpression }
  | { type: 'not'; operand: FilterExpression }
  | { type: 'exists'; path: FilterPath }
  | { type: 'compare'; operator: ComparisonOperator; left: FilterOperand; right: FilterOperand };

/** An invalid path: `detail` says what and where (1-based column), `message` adds the path. */
export class PathSyntaxError extends Error {
  readonly path: string;
  readonly detail: string;
  readonly column: number | undefined;

  constructor(path: string, detail: string, column?: number) {
    super(`Invalid JSONPath '${path}': ${detail}`);
    this.name = 'PathSyntaxError';
    this.path = path;
    this.detail = detail;
    this.column = column;
  }
}

/** Jayway's rule: every step selects at most one node; a trailing name union merges into one object. */
export function isDefinite(segments: readonly PathSegment[]): boolean {
  const last = segments.length - 1;
  return segments.every(
    (segment, position) =>
      segment.type === 'name' || segment.type === 'index' || (segment.type === 'names' && position === last),
  );
}
