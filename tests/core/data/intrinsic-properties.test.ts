import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { Json } from '../../../src/core/json.js';
import { evaluateIntrinsic } from '../../../src/core/data/intrinsic-function.js';
import { canonicalJson } from '../../../src/core/data/intrinsic-array-functions.js';

function run(expression: string, input: Json): Json {
  return evaluateIntrinsic(expression, { input, context: {} });
}

/** A string as an intrinsic literal: the reserved characters ' { } \ get a backslash. */
function literal(text: string): string {
  return `'${text.replace(/['{}\\]/g, (char) => `\\${char}`)}'`;
}

const jsonArray = fc.array(fc.jsonValue() as fc.Arbitrary<Json>, { maxLength: 30 });

describe('intrinsic function properties', () => {
  it('Base64Decode(Base64Encode(s)) is s for any unicode string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 500 }), (text) => {
        expect(run('States.Base64Decode(States.Base64Encode($.s))', { s: text })).toBe(text);
        expect(run('States.Base64Encode($.s)', { s: text })).toBe(Buffer.from(text, 'utf8').toString('base64'));
      }),
    );
  });

  it('escaping a string in a literal gives the string back', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(run(`States.Format(${literal(text)})`, null)).toBe(text);
        expect(run(`States.Array(${literal(text)}, ${literal(text)})`, null)).toEqual([text, text]);
      }),
    );
  });

  it('Format inserts each value at its placeholder', () => {
    const piece = fc.string({ unit: 'binary', maxLength: 8 });
    const scalar = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null));
    fc.assert(
      fc.property(fc.array(fc.tuple(piece, scalar), { maxLength: 6 }), piece, (pairs, last) => {
        const template = pairs.map(([text]) => literal(text).slice(1, -1) + '{}').join('') + literal(last).slice(1, -1);
        const values = pairs.map((_, index) => `$.v[${index}]`);
        const expression = `States.Format(${["'" + template + "'", ...values].join(', ')})`;
        const expected = pairs.map(([text, value]) => text + String(value)).join('') + last;
        expect(run(expression, { v: pairs.map(([, value]) => value) })).toBe(expected);
      }),
    );
  });

  it('ArrayPartition chunks flatten back to the array', () => {
    fc.assert(
      fc.property(jsonArray, fc.integer({ min: 1, max: 12 }), (items, size) => {
        const chunks = run(`States.ArrayPartition($.a, ${size})`, { a: items }) as Json[][];
        expect(chunks.flat()).toEqual(items);
        chunks.slice(0, -1).forEach((chunk) => expect(chunk).toHaveLength(size));
        expect(chunks.at(-1)?.length ?? 0).toBeLessThanOrEqual(size);
        expect(chunks).toHaveLength(Math.ceil(items.length / size));
      }),
    );
  });

  it('ArrayUnique is idempotent, keeps first occurrences and leaves no equal pair', () => {
    fc.assert(
      fc.property(jsonArray, (items) => {
        const doubled = [...items, ...items];
        const unique = run('States.ArrayUnique($.a)', { a: doubled }) as Json[];
        expect(run('States.ArrayUnique($.a)', { a: unique })).toEqual(unique);
        expect(run('States.ArrayUnique($.a)', { a: items })).toEqual(unique);
        expect(new Set(unique.map(canonicalJson)).size).toBe(unique.length);
        unique.forEach((item) => expect(run('States.ArrayContains($.a, $.i)', { a: items, i: item })).toBe(true));
      }),
    );
  });

  it('ArrayLength, ArrayGetItem and ArrayContains agree with the array', () => {
    fc.assert(
      fc.property(
        jsonArray.filter((items) => items.length > 0),
        fc.nat(),
        (items, seed) => {
          const index = seed % items.length;
          expect(run('States.ArrayLength($.a)', { a: items })).toBe(items.length);
          expect(run(`States.ArrayGetItem($.a, ${index})`, { a: items })).toEqual(items[index]);
          expect(run('States.ArrayContains($.a, $.i)', { a: items, i: items[index] ?? null })).toBe(true);
        },
      ),
    );
  });

  it('ArrayRange steps from start towards end without passing it', () => {
    const bound = fc.integer({ min: -500, max: 500 });
    const step = fc.integer({ min: -50, max: 50 }).filter((value) => value !== 0);
    fc.assert(
      fc.property(bound, bound, step, (start, end, by) => {
        const range = run(`States.ArrayRange(${start}, ${end}, ${by})`, null) as number[];
        range.forEach((value, index) => expect(value).toBe(start + index * by));
        range.forEach((value) => expect(by > 0 ? value <= end : value >= end).toBe(true));
        const next = start + range.length * by;
        expect(by > 0 ? next > end : next < end).toBe(true);
      }),
    );
  });

  it('MathRandom with a seed is deterministic and within [start, end)', () => {
    const safe = fc.integer({ min: -(2 ** 40), max: 2 ** 40 });
    fc.assert(
      fc.property(safe, fc.integer({ min: 1, max: 2 ** 40 }), fc.maxSafeInteger(), (start, width, seed) => {
        const expression = `States.MathRandom(${start}, ${start + width}, ${seed})`;
        const value = run(expression, null) as number;
        expect(run(expression, null)).toBe(value);
        expect(Number.isInteger(value)).toBe(true);
        expect(value).toBeGreaterThanOrEqual(start);
        expect(value).toBeLessThan(start + width);
      }),
    );
  });

  it('StringSplit tokens contain no delimiter and join back without the delimiters', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.string({ minLength: 1, maxLength: 3 }), (text, delimiters) => {
        const tokens = run('States.StringSplit($.t, $.d)', { t: text, d: delimiters }) as string[];
        const set = new Set(Array.from(delimiters));
        tokens.forEach((token) => {
          expect(token).not.toBe('');
          Array.from(token).forEach((char) => expect(set.has(char)).toBe(false));
        });
        expect(tokens.join('')).toBe(
          Array.from(text)
            .filter((char) => !set.has(char))
            .join(''),
        );
      }),
    );
  });
});
