import { parseFilterExpression } from './json-path-filter-parser.js';
import { parseRoot, PathScanner } from './json-path-scanner.js';
import { isDefinite } from './json-path-types.js';
import type { ParsedPath, PathSegment, PathSelector } from './json-path-types.js';

/**
 * Parses an ASL JSONPath (the Jayway subset): `$`, `$$`, `$name`, `.a`, `['a']`, `[0]`, `[-1]`,
 * `[*]`, `.*`, `..a`, `[1:3:1]`, `[0,2]`, `['a','b']` and `[?(filter)]`. Throws PathSyntaxError.
 */
export function parsePath(path: string): ParsedPath {
  const scanner = new PathScanner(path);
  const { root, variable } = parseRoot(scanner);
  const segments = parseSegments(scanner);
  if (!scanner.atEnd()) scanner.fail();
  const parsed: ParsedPath = { source: path, root, segments, definite: isDefinite(segments) };
  if (variable !== undefined) parsed.variable = variable;
  return parsed;
}

/** Reads `.x`, `..x` and `[...]` steps until something else comes. */
export function parseSegments(scanner: PathScanner): PathSegment[] {
  const segments: PathSegment[] = [];
  for (;;) {
    const char = scanner.peek();
    if (char === '.') segments.push(parseDotSegment(scanner));
    else if (char === '[') segments.push(parseBracket(scanner));
    else return segments;
  }
}

function parseDotSegment(scanner: PathScanner): PathSegment {
  scanner.advance();
  if (scanner.peek() !== '.') return parseDotSelector(scanner);
  scanner.advance();
  const selector = scanner.peek() === '[' ? parseBracket(scanner) : parseDotSelector(scanner);
  return { type: 'deep-scan', selector };
}

function parseDotSelector(scanner: PathScanner): PathSelector {
  if (scanner.peek() === '*') {
    scanner.advance();
    return { type: 'wildcard' };
  }
  const name = scanner.readName();
  if (name === '') scanner.fail('a name');
  return { type: 'name', name };
}

function parseBracket(scanner: PathScanner): PathSelector {
  scanner.advance();
  scanner.skipSpaces();
  const char = scanner.peek();
  if (char === '*') {
    scanner.advance();
    return closeBracket(scanner, { type: 'wildcard' });
  }
  if (char === '?') return parseFilterBracket(scanner);
  if (char === "'" || char === '"') return parseNames(scanner);
  if (char !== undefined && /[-\d:]/.test(char)) return parseNumeric(scanner);
  return scanner.fail("a name, an index, '*', a slice or a filter");
}

function closeBracket(scanner: PathScanner, selector: PathSelector): PathSelector {
  scanner.skipSpaces();
  scanner.expect(']');
  return selector;
}

function parseNames(scanner: PathScanner): PathSelector {
  const names = [scanner.readQuoted()];
  scanner.skipSpaces();
  while (scanner.peek() === ',') {
    scanner.advance();
    scanner.skipSpaces();
    const quote = scanner.peek();
    if (quote !== "'" && quote !== '"') scanner.fail('a quoted name');
    names.push(scanner.readQuoted());
    scanner.skipSpaces();
  }
  const [single] = names;
  const selector: PathSelector =
    names.length === 1 && single !== undefined ? { type: 'name', name: single } : { type: 'names', names };
  return closeBracket(scanner, selector);
}

function parseNumeric(scanner: PathScanner): PathSelector {
  const first = readIndex(scanner);
  if (scanner.peek() === ':') return parseSlice(scanner, first);
  if (first === null) return scanner.fail('an index');
  const indexes = [first];
  while (scanner.peek() === ',') {
    scanner.advance();
    scanner.skipSpaces();
    const next = readIndex(scanner);
    if (next === null) scanner.fail('an index');
    indexes.push(next);
  }
  const selector: PathSelector = indexes.length === 1 ? { type: 'index', index: first } : { type: 'indexes', indexes };
  return closeBracket(scanner, selector);
}

function readIndex(scanner: PathScanner): number | null {
  const index = scanner.readInteger();
  scanner.skipSpaces();
  return index;
}

function parseSlice(scanner: PathScanner, start: number | null): PathSelector {
  scanner.advance();
  scanner.skipSpaces();
  const end = readIndex(scanner);
  let step: number | null = null;
  if (scanner.peek() === ':') {
    scanner.advance();
    scanner.skipSpaces();
    const stepColumn = scanner.position + 1;
    step = readIndex(scanner);
    if (step === 0) scanner.failWith(`slice step must not be 0 at column ${stepColumn}`, stepColumn);
  }
  return closeBracket(scanner, { type: 'slice', start, end, step });
}

function parseFilterBracket(scanner: PathScanner): PathSelector {
  const start = scanner.position;
  scanner.advance();
  scanner.expect('(');
  const filter = parseFilterExpression(scanner, parseSegments);
  scanner.skipSpaces();
  scanner.expect(')');
  const source = scanner.text.slice(start, scanner.position);
  return closeBracket(scanner, { type: 'filter', filter, source });
}
