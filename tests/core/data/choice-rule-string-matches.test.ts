import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { evaluateChoiceRule, stringMatches } from '../../../src/core/data/choice-rule.js';

describe('StringMatches', () => {
  it.each<[string, string, boolean]>([
    ['log-2024.txt', 'log-*.txt', true],
    ['log-2024.txt', 'log-*.csv', false],
    ['anything', '*', true],
    ['', '*', true],
    ['', '', true],
    ['a', '', false],
    ['abc', 'abc', true],
    ['abc', 'ab', false],
    ['abc', '*c', true],
    ['abc', 'a*', true],
    ['abc', '*b*', true],
    ['abc', '*d*', false],
    ['aXbXc', 'a*b*c', true],
    ['aaab', '*a*ab', true],
    ['mississippi', 'm*iss*ppi', true],
    ['mississippi', 'm*iss*ppx', false],
    ['a*b', 'a\\*b', true],
    ['axb', 'a\\*b', false],
    ['a\\b', 'a\\\\b', true],
    ['a\\xb', 'a\\\\*b', true],
    ['a.b', 'a.b', true],
    ['a+b', 'a?b', false],
    ['path\\', 'path\\', true],
  ])('%j matches %j → %s', (value, pattern, expected) => {
    expect(stringMatches(value, pattern)).toBe(expected);
    expect(
      evaluateChoiceRule({ Variable: '$.v', StringMatches: pattern }, { input: { v: value }, context: null }),
    ).toBe(expected);
  });

  it('is false for non-strings', () => {
    for (const v of [10, null, true, ['a'], { a: 'b' }]) {
      expect(evaluateChoiceRule({ Variable: '$.v', StringMatches: '*' }, { input: { v }, context: null })).toBe(false);
    }
    expect(stringMatches('a', 5)).toBe(false);
  });

  it('agrees with a literal pattern and with a star on either side (property)', () => {
    const text = fc.string({ maxLength: 12 }).map((value) => value.replace(/[*\\]/g, ''));
    fc.assert(
      fc.property(text, text, text, (prefix, middle, suffix) => {
        const whole = prefix + middle + suffix;
        expect(stringMatches(whole, whole)).toBe(true);
        expect(stringMatches(whole, `${prefix}*${suffix}`)).toBe(true);
        expect(stringMatches(whole, `*${middle}*`)).toBe(true);
        expect(stringMatches(whole, `${whole}x`)).toBe(false);
      }),
    );
  });
});
