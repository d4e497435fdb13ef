import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { Json } from '../../../src/core/json.js';
import { StatesError } from '../../../src/core/states-error.js';
import { evaluatePath, PathSyntaxError } from '../../../src/core/data/json-path.js';
import { setAtReferencePath } from '../../../src/core/data/reference-path.js';
import { catchError } from './catch-error.js';

describe('setAtReferencePath', () => {
  it.each<[string, Json, string, Json, Json]>([
    ['$ replaces an object', { a: 1 }, '$', 'x', 'x'],
    ['$ replaces a scalar', 5, '$', { b: 2 }, { b: 2 }],
    ['adds a field', { a: 1 }, '$.b', 2, { a: 1, b: 2 }],
    ['replaces a field', { a: 1, b: 0 }, '$.b', [2], { a: 1, b: [2] }],
    ['creates intermediate objects', { a: 1 }, '$.x.y.z', true, { a: 1, x: { y: { z: true } } }],
    ['extends an existing object', { x: { keep: 1 } }, '$.x.y', null, { x: { keep: 1, y: null } }],
    ['uses bracket names', {}, "$['a b']['c']", 1, { 'a b': { c: 1 } }],
    ['replaces an array element', { list: [1, 2, 3] }, '$.list[1]', 'two', { list: [1, 'two', 3] }],
    ['writes inside an array element', { list: [{ a: 1 }] }, '$.list[0].b', 2, { list: [{ a: 1, b: 2 }] }],
    ['writes into a top-level array', [0, { n: 1 }], '$[1].n', 9, [0, { n: 9 }]],
    ['keeps a __proto__ key as data', {}, "$['__proto__']", 1, JSON.parse('{"__proto__":1}') as Json],
  ])('%s', (_name, target, path, value, expected) => {
    const before = JSON.stringify(target);
    const result = setAtReferencePath(target, path, value);
    expect(result).toEqual(expected);
    expect(JSON.stringify(target)).toBe(before);
  });

  it('shares untouched branches and copies the touched ones', () => {
    const target = { untouched: { deep: [1] }, touched: { a: 1 } };
    const result = setAtReferencePath(target, '$.touched.b', 2) as typeof target & { touched: { b: number } };
    expect(result).not.toBe(target);
    expect(result.touched).not.toBe(target.touched);
    expect(result.untouched).toBe(target.untouched);
    expect(Object.getPrototypeOf(setAtReferencePath({}, "$['__proto__']", 1))).toBe(Object.prototype);
  });

  it.each<[string, Json, string, string]>([
    [
      'a string where an object is needed',
      { a: 'text' },
      '$.a.b',
      'Unable to apply ReferencePath $.a.b to input "{\\"a\\":\\"text\\"}"',
    ],
    ['a null intermediate', { a: null }, '$.a.b', 'Unable to apply ReferencePath $.a.b to input "{\\"a\\":null}"'],
    ['a scalar input', 'Hello', '$.a', 'Unable to apply ReferencePath $.a to input "\\"Hello\\""'],
    [
      'an array where a name is needed',
      { a: [1] },
      '$.a.b',
      'Unable to apply ReferencePath $.a.b to input "{\\"a\\":[1]}"',
    ],
    ['an index out of range', { a: [1] }, '$.a[1]', 'Unable to apply ReferencePath $.a[1] to input "{\\"a\\":[1]}"'],
    [
      'an index on an object',
      { a: { b: 1 } },
      '$.a[0]',
      'Unable to apply ReferencePath $.a[0] to input "{\\"a\\":{\\"b\\":1}}"',
    ],
    ['an index on a missing field', {}, '$.a[0]', 'Unable to apply ReferencePath $.a[0] to input "{}"'],
  ])('fails on %s', (_name, target, path, cause) => {
    const before = JSON.stringify(target);
    const error = catchError(() => setAtReferencePath(target, path, 1));
    expect(error).toBeInstanceOf(StatesError);
    expect((error as StatesError).error).toBe('States.ResultPathMatchFailure');
    expect((error as StatesError).cause).toBe(cause);
    expect(JSON.stringify(target)).toBe(before);
  });

  it.each([
    ['$[*]', 'a Reference Path may only hold names and indexes'],
    ['$.a[-1]', 'a Reference Path may only hold names and indexes'],
    ['$..a', 'a Reference Path may only hold names and indexes'],
    ['$[?(@.a)]', 'a Reference Path may only hold names and indexes'],
    ["$['a','b']", 'a Reference Path may only hold names and indexes'],
    ['$[0:1]', 'a Reference Path may only hold names and indexes'],
    ['$$.Execution', "a ResultPath must start with '$', not '$$'"],
    ['$result.x', "a ResultPath must start with '$', not '$result'"],
    ['$.a]', "unexpected ']' at column 4"],
  ])('rejects %s', (path, detail) => {
    const error = catchError(() => setAtReferencePath({}, path, 1));
    expect(error).toBeInstanceOf(PathSyntaxError);
    expect((error as PathSyntaxError).detail).toBe(detail);
  });

  it('evaluatePath reads back what setAtReferencePath wrote (property)', () => {
    const name = fc.string({ minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(
        fc.dictionary(name, fc.jsonValue()),
        fc.array(name, { minLength: 1, maxLength: 4 }),
        fc.jsonValue(),
        (target, names, value) => {
          const path = '$' + names.map((key) => `['${key.replace(/[\\']/g, (char) => `\\${char}`)}']`).join('');
          const before = JSON.stringify(target);
          let result: Json;
          try {
            result = setAtReferencePath(target as Json, path, value as Json);
          } catch (error) {
            expect((error as StatesError).error).toBe('States.ResultPathMatchFailure');
            return;
          }
          expect(evaluatePath(path, { input: result, context: null })).toEqual({ found: true, value });
          expect(JSON.stringify(target)).toBe(before);
        },
      ),
    );
  });

  it('always succeeds on objects created along the way (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z]{1,5}$/), { minLength: 1, maxLength: 5 }),
        fc.jsonValue(),
        (names, value) => {
          const path = '$.' + names.join('.');
          const result = setAtReferencePath({}, path, value as Json);
          expect(evaluatePath(path, { input: result, context: null }).value).toEqual(value);
        },
      ),
    );
  });
});
