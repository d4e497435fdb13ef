import type { Json } from '../json.js';
import { parseRoot } from './json-path-scanner.js';
import type { PathScanner } from './json-path-scanner.js';
import { isDefinite } from './json-path-types.js';
import type {
  ComparisonOperator,
  FilterExpression,
  FilterOperand,
  FilterPath,
  PathSegment,
} from './json-path-types.js';

/** Reads the path steps after a root; injected to avoid a module cycle with the path parser. */
export type SegmentsParser = (scanner: PathScanner) => PathSegment[];

const OPERATORS: readonly ComparisonOperator[] = ['==', '!=', '<=', '>=', '<', '>'];
const KEYWORDS: Readonly<Record<string, Json>> = { true: true, false: false, null: null };

/**
 * Parses the expression inside `[?( ... )]`, stopping before the closing `)`:
 * `||`, `&&`, `!`, parentheses, comparisons and existence tests (`@.isbn`).
 */
export function parseFilterExpression(scanner: PathScanner, parseSegments: SegmentsParser): FilterExpression {
  return parseOr(scanner, parseSegments);
}

function parseOr(scanner: PathScanner, parseSegments: SegmentsParser): FilterExpression {
  let left = parseAnd(scanner, parseSegments);
  while (skipThenSee(scanner, '||')) {
    scanner.advance(2);
    left = { type: 'or', left, right: parseAnd(scanner, parseSegments) };
  }
  return left;
}

function parseAnd(scanner: PathScanner, parseSegments: SegmentsParser): FilterExpression {
  let left = parseUnary(scanner, parseSegments);
  while (skipThenSee(scanner, '&&')) {
    scanner.advance(2);
    left = { type: 'and', left, right: parseUnary(scanner, parseSegments) };
  }
  return left;
}

function skipThenSee(scanner: PathScanner, token: string): boolean {
  scanner.skipSpaces();
  return scanner.startsWith(token);
}

function parseUnary(scanner: PathScanner, parseSegments: SegmentsParser): FilterExpression {
  scanner.skipSpaces();
  if (scanner.peek() === '!' && scanner.peek(1) !== '=') {
    scanner.advance();
    return { type: 'not', operand: parseUnary(scanner, parseSegments) };
  }
  if (scanner.peek() === '(') {
    scanner.advance();
    const inner = parseOr(scanner, parseSegments);
    scanner.skipSpaces();
    scanner.expect(')');
    return inner;
  }
  return parseComparison(scanner, parseSegments);
}

function parseComparison(scanner: PathScanner, parseSegments: SegmentsParser): FilterExpression {
  const left = parseOperand(scanner, parseSegments);
  scanner.skipSpaces();
  const operator = OPERATORS.find((candidate) => scanner.startsWith(candidate));
  if (operator === undefined) {
    if (left.type === 'path') return { type: 'exists', path: left.path };
    return scanner.fail('a comparison operator');
  }
  scanner.advance(operator.length);
  const right = parseOperand(scanner, parseSegments);
  return { type: 'compare', operator, left, right };
}

function parseOperand(scanner: PathScanner, parseSegments: SegmentsParser): FilterOperand {
  scanner.skipSpaces();
  const char = scanner.peek();
  if (char === '@' || char === '$') return { type: 'path', path: parseFilterPath(scanner, parseSegments) };
  if (char === "'" || char === '"') return { type: 'literal', value: scanner.readQuoted() };
  const number = scanner.readNumber();
  if (number !== null) return { type: 'literal', value: number };
  const column = scanner.position + 1;
  const keyword = scanner.readName();
  if (Object.hasOwn(KEYWORDS, keyword)) return { type: 'literal', value: KEYWORDS[keyword] ?? null };
  if (keyword !== '') scanner.failWith(`unknown literal '${keyword}' at column ${column}`, column);
  return scanner.fail('a path or a literal');
}

function parseFilterPath(scanner: PathScanner, parseSegments: SegmentsParser): FilterPath {
  let root: FilterPath['root'] = '@';
  let variable: string | undefined;
  if (scanner.peek() === '@') scanner.advance();
  else ({ root, variable } = parseRoot(scanner));
  const segments = parseSegments(scanner);
  const path: FilterPath = { root, segments, definite: isDefinite(segments) };
  if (variable !== undefined) path.variable = variable;
  return path;
}
