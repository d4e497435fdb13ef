import { describe, it, expect } from 'vitest';
import { StatesError } from '../../../src/core/states-error.js';
import {
  evaluatePath,
  formatNormalizedPath,
  getParsedPath,
  isReferencePath,
  parsePath,
  PathSyntaxError,
  readPath,
} from '../../../src/core/data/json-path.js';
import type { PathContext } from '../../../src/core/data/path-context.js';
import { catchError } from './catch-error.js';

const ctx: PathContext = {
  input: { store: { bicycle: { color: 'red' } }, empty: null, list: [0, 1, 2, 3, 4, 5] },
  context: { Execution: { Id: 'arn:x' } },
  variables: { customer: { id: 'c-1' } },
};

describe('parsePath', () => {
  it.each([
    ['$', '$', [], true],
    ['$$', '$$', [], true],
    [
      '$.a.b',
      '$',
      [
        { type: 'name', name: 'a' },
        { type: 'name', name: 'b' },
      ],
      true,
    ],
    ["$['a b']", '$', [{ type: 'name', name: 'a b' }], true],
    ['$["x"]', '$', [{ type: 'name', name: 'x' }], true],
    [
      '$.a[0]',
      '$',
      [
        { type: 'name', name: 'a' },
        { type: 'index', index: 0 },
      ],
      true,
    ],
    ['$[-1]', '$', [{ type: 'index', index: -1 }], true],
    ['$[*]', '$', [{ type: 'wildcard' }], false],
    ['$.*', '$', [{ type: 'wildcard' }], false],
    ['$..name', '$', [{ type: 'deep-scan', selector: { type: 'name', name: 'name' } }], false],
    ['$..*', '$', [{ type: 'deep-scan', selector: { type: 'wildcard' } }], false],
    ['$..[0]', '$', [{ type: 'deep-scan', selector: { type: 'index', index: 0 } }], false],
    ['$[1:3]', '$', [{ type: 'slice', start: 1, end: 3, step: null }], false],
    ['$[::2]', '$', [{ type: 'slice', start: null, end: null, step: 2 }], false],
    ['$[-2:]', '$', [{ type: 'slice', start: -2, end: null, step: null }], false],
    ['$[0,2]', '$', [{ type: 'indexes', indexes: [0, 2] }], false],
    ["$['a','b']", '$', [{ type: 'names', names: ['a', 'b'] }], true],
    [
      "$['a','b'].c",
      '$',
      [
        { type: 'names', names: ['a', 'b'] },
        { type: 'name', name: 'c' },
      ],
      false,
    ],
    [
      '$$.Execution.Id',
      '$$',
      [
        { type: 'name', name: 'Execution' },
        { type: 'name', name: 'Id' },
      ],
      true,
    ],
    ["$[ 'a' , 'b' ]", '$', [{ type: 'names', names: ['a', 'b'] }], true],
    ["$['it\\'s']", '$', [{ type: 'name', name: "it's" }], true],
    ['$.a-b_c', '$', [{ type: 'name', name: 'a-b_c' }], true],
  ])('%s', (path, root, segments, definite) => {
    expect(parsePath(path)).toEqual({ source: path, root, segments, definite });
  });

  it('parses a variable root', () => {
    expect(parsePath('$customer.id')).toEqual({
      source: '$customer.id',
      root: 'variable',
      variable: 'customer',
      segments: [{ type: 'name', name: 'id' }],
      definite: true,
    });
    expect(parsePath('$_x')).toMatchObject({ root: 'variable', variable: '_x', segments: [] });
    expect(parsePath('$café[0]')).toMatchObject({ root: 'variable', variable: 'café' });
  });

  it('parses filter expressions into a tree', () => {
    const parsed = parsePath("$.books[?(@.price < 10 && !@.isbn || @.tag == 'x')]");
    expect(parsed.definite).toBe(false);
    expect(parsed.segments[1]).toEqual({
      type: 'filter',
      source: "?(@.price < 10 && !@.isbn || @.tag == 'x')",
      filter: {
        type: 'or',
        left: {
          type: 'and',
          left: {
            type: 'compare',
            operator: '<',
            left: { type: 'path', path: { root: '@', segments: [{ type: 'name', name: 'price' }], definite: true } },
            right: { type: 'literal', value: 10 },
          },
          right: {
            type: 'not',
            operand: {
              type: 'exists',
              path: { root: '@', segments: [{ type: 'name', name: 'isbn' }], definite: true },
            },
          },
        },
        right: {
          type: 'compare',
          operator: '==',
          left: { type: 'path', path: { root: '@', segments: [{ type: 'name', name: 'tag' }], definite: true } },
          right: { type: 'literal', value: 'x' },
        },
      },
    });
  });

  it.each([
    ['', "unexpected end of path at column 1, expected '$'"],
    ['a.b', "unexpected 'a' at column 1, expected '$'"],
    ['$.a]', "unexpected ']' at column 4"],
    ['$.', 'unexpected end of path at column 3, expected a name'],
    ['$..', 'unexpected end of path at column 4, expected a name'],
    ['$.a.', 'unexpected end of path at column 5, expected a name'],
    ['$[', "unexpected end of path at column 3, expected a name, an index, '*', a slice or a filter"],
    ['$[0', "unexpected end of path at column 4, expected ']'"],
    ['$[abc]', "unexpected 'a' at column 3, expected a name, an index, '*', a slice or a filter"],
    ["$['a", 'unterminated string starting at column 3'],
    ["$['a',]", "unexpected ']' at column 7, expected a quoted name"],
    ['$[0,]', "unexpected ']' at column 5, expected an index"],
    ['$[1:2:0]', 'slice step must not be 0 at column 7'],
    ['$[?(@.a == )]', "unexpected ')' at column 12, expected a path or a literal"],
    ['$[?(@.a = 1)]', "unexpected '=' at column 9, expected ')'"],
    ['$[?(@.a == yes)]', "unknown literal 'yes' at column 12"],
    ['$[?(1)]', "unexpected ')' at column 6, expected a comparison operator"],
    ['$[?@.a]', "unexpected '@' at column 4, expected '('"],
    ['$.a b', "unexpected ' ' at column 4"],
    ['$1', "unexpected '1' at column 2"],
  ])('rejects %j', (path, detail) => {
    const error = catchError(() => parsePath(path));
    expect(error).toBeInstanceOf(PathSyntaxError);
    expect((error as PathSyntaxError).detail).toBe(detail);
    expect((error as PathSyntaxError).path).toBe(path);
    expect((error as PathSyntaxError).message).toBe(`Invalid JSONPath '${path}': ${detail}`);
  });
});

describe('isReferencePath', () => {
  it.each([
    ['$', true],
    ['$.a.b', true],
    ["$['a b'][0].c", true],
    ['$$.Execution.Id', true],
    ['$customer.id', true],
    ['$[-1]', false],
    ['$[*]', false],
    ['$.*', false],
    ['$..a', false],
    ['$[1:2]', false],
    ['$[0,1]', false],
    ["$['a','b']", false],
    ['$[?(@.a)]', false],
  ])('%s → %s', (path, expected) => {
    expect(isReferencePath(parsePath(path))).toBe(expected);
  });
});

describe('readPath', () => {
  it('returns the value when found', () => {
    expect(readPath('$.store.bicycle.color', ctx, { error: 'States.Runtime', what: 'InputPath' })).toBe('red');
    expect(readPath('$.empty', ctx, { error: 'States.Runtime', what: 'InputPath' })).toBeNull();
    expect(readPath('$.missing[*]', ctx, { error: 'States.Runtime', what: 'InputPath' })).toEqual([]);
  });

  it.each([
    ['$.missing', "Invalid path '$.missing' : No results for path: $['missing']"],
    [
      '$.store.book[9].title',
      "Invalid path '$.store.book[9].title' : No results for path: $['store']['book'][9]['title']",
    ],
    ['$$.Execution.Nope', "Invalid path '$$.Execution.Nope' : No results for path: $$['Execution']['Nope']"],
    ['$customer.nope', "Invalid path '$customer.nope' : No results for path: $customer['nope']"],
    ["$['a\\'b']", "Invalid path '$['a\\'b']' : No results for path: $['a\\'b']"],
  ])('fails for %s', (path, cause) => {
    const error = catchError(() => readPath(path, ctx, { error: 'States.Runtime', what: 'InputPath' }));
    expect(error).toBeInstanceOf(StatesError);
    expect((error as StatesError).error).toBe('States.Runtime');
    expect((error as StatesError).cause).toBe(cause);
  });

  it('uses the given error name and reports syntax errors with the field name', () => {
    const missing = catchError(() => readPath('$.x', ctx, { error: 'States.ItemsPathFailure', what: 'ItemsPath' }));
    expect((missing as StatesError).error).toBe('States.ItemsPathFailure');
    const invalid = catchError(() => readPath('$.x]', ctx, { error: 'States.Runtime', what: 'OutputPath' }));
    expect(invalid).toBeInstanceOf(StatesError);
    expect((invalid as StatesError).cause).toBe("Invalid OutputPath '$.x]': unexpected ']' at column 4");
  });
});

describe('formatNormalizedPath', () => {
  it.each([
    ['$', '$'],
    ['$.a.b[0]', "$['a']['b'][0]"],
    ['$..a[*]', "$..['a'][*]"],
    ['$.*', '$[*]'],
    ['$[1:3]', '$[1:3]'],
    ['$[::-1]', '$[::-1]'],
    ['$[0,2]', '$[0,2]'],
    ['$["a","b"]', "$['a','b']"],
    ['$[?(@.a<1)]', '$[?(@.a<1)]'],
    ['$v.x', "$v['x']"],
  ])('%s → %s', (path, normalized) => {
    expect(formatNormalizedPath(parsePath(path))).toBe(normalized);
  });
});

describe('parsed path cache', () => {
  it('returns the same parse for a repeated path and keeps working past its bound', () => {
    expect(getParsedPath('$.cached.path')).toBe(getParsedPath('$.cached.path'));
    for (let index = 0; index < 1500; index += 1) {
      expect(evaluatePath(`$.list[${index % 6}]`, ctx).value).toBe(index % 6);
      getParsedPath(`$.filler${index}`);
    }
    expect(evaluatePath('$.store.bicycle.color', ctx).value).toBe('red');
  });
});
