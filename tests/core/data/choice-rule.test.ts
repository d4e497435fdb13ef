import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { Json } from '../../../src/core/json.js';
import type { ChoiceRule } from '../../../src/core/definition/asl-types.js';
import { StatesError } from '../../../src/core/states-error.js';
import { CHOICE_OPERATORS, evaluateChoiceRule } from '../../../src/core/data/choice-rule.js';
import type { PathContext } from '../../../src/core/data/path-context.js';
import { catchError } from './catch-error.js';

const input = {
  s: 'banana',
  n: 10,
  f: 2.5,
  t: true,
  no: false,
  nil: null,
  ts: '2024-03-01T12:00:00Z',
  tsOffset: '2024-03-01T14:00:00+02:00',
  lower: '2024-03-01t12:00:00z',
  obj: { a: 1 },
  list: [1, 2],
  other: { s: 'banana', n: 10, t: true, ts: '2024-03-01T12:00:00Z', str: '10' },
};
const ctx: PathContext = {
  input,
  context: { State: { RetryCount: 2 } },
  variables: { limit: 10, name: 'banana' },
};

function test(variable: string, operator: string, operand: Json): boolean {
  return evaluateChoiceRule({ Variable: variable, [operator]: operand }, ctx);
}

describe('comparison operators', () => {
  it.each<[string, string, Json, boolean]>([
    ['$.s', 'StringEquals', 'banana', true],
    ['$.s', 'StringEquals', 'Banana', false],
    ['$.n', 'StringEquals', '10', false],
    ['$.s', 'StringLessThan', 'cherry', true],
    ['$.s', 'StringLessThan', 'apple', false],
    ['$.s', 'StringLessThan', 'banana', false],
    ['$.s', 'StringGreaterThan', 'apple', true],
    ['$.s', 'StringGreaterThan', 'banana', false],
    ['$.s', 'StringLessThanEquals', 'banana', true],
    ['$.s', 'StringLessThanEquals', 'b', false],
    ['$.s', 'StringGreaterThanEquals', 'banana', true],
    ['$.s', 'StringGreaterThanEquals', 'c', false],
    ['$.s', 'StringLessThan', 'bananaZ', true],
    ['$.s', 'StringGreaterThan', 'Zebra', true],
    ['$.n', 'NumericEquals', 10, true],
    ['$.n', 'NumericEquals', 10.0001, false],
    ['$.s', 'NumericEquals', 10, false],
    ['$.other.str', 'NumericEquals', 10, false],
    ['$.f', 'NumericLessThan', 3, true],
    ['$.f', 'NumericLessThan', 2.5, false],
    ['$.f', 'NumericGreaterThan', 2, true],
    ['$.f', 'NumericGreaterThan', 2.5, false],
    ['$.n', 'NumericLessThanEquals', 10, true],
    ['$.n', 'NumericLessThanEquals', 9, false],
    ['$.n', 'NumericGreaterThanEquals', 10, true],
    ['$.n', 'NumericGreaterThanEquals', 11, false],
    ['$.t', 'BooleanEquals', true, true],
    ['$.t', 'BooleanEquals', false, false],
    ['$.no', 'BooleanEquals', false, true],
    ['$.s', 'BooleanEquals', true, false],
    ['$.ts', 'TimestampEquals', '2024-03-01T12:00:00Z', true],
    ['$.tsOffset', 'TimestampEquals', '2024-03-01T12:00:00Z', true],
    ['$.ts', 'TimestampEquals', '2024-03-01T12:00:00.001Z', false],
    ['$.ts', 'TimestampLessThan', '2024-03-01T12:00:01Z', true],
    ['$.ts', 'TimestampLessThan', '2024-03-01T12:00:00Z', false],
    ['$.ts', 'TimestampGreaterThan', '2024-02-29T23:59:59Z', true],
    ['$.ts', 'TimestampGreaterThan', '2024-03-01T13:00:00+01:00', false],
    ['$.ts', 'TimestampLessThanEquals', '2024-03-01T13:00:00+01:00', true],
    ['$.ts', 'TimestampLessThanEquals', '2024-03-01T11:59:59Z', false],
    ['$.ts', 'TimestampGreaterThanEquals', '2024-03-01T12:00:00Z', true],
    ['$.ts', 'TimestampGreaterThanEquals', '2025-01-01T00:00:00Z', false],
    ['$.lower', 'TimestampEquals', '2024-03-01T12:00:00Z', false],
    ['$.ts', 'TimestampEquals', 'not a time', false],
    ['$.n', 'TimestampEquals', '2024-03-01T12:00:00Z', false],
  ])('%s %s %j → %s', (variable, operator, operand, expected) => {
    expect(test(variable, operator, operand)).toBe(expected);
  });
});

describe('...Path operators', () => {
  it.each<[string, string, string, boolean]>([
    ['$.s', 'StringEqualsPath', '$.other.s', true],
    ['$.s', 'StringEqualsPath', '$name', true],
    ['$.s', 'StringEqualsPath', '$.other.str', false],
    ['$.s', 'StringLessThanPath', '$.other.str', false],
    ['$.other.str', 'StringLessThanPath', '$.s', true],
    ['$.s', 'StringGreaterThanPath', '$.other.str', true],
    ['$.s', 'StringLessThanEqualsPath', '$.other.s', true],
    ['$.s', 'StringGreaterThanEqualsPath', '$.other.s', true],
    ['$.s', 'StringEqualsPath', '$.n', false],
    ['$.n', 'NumericEqualsPath', '$.other.n', true],
    ['$.n', 'NumericEqualsPath', '$limit', true],
    ['$.n', 'NumericEqualsPath', '$.other.str', false],
    ['$.f', 'NumericLessThanPath', '$.n', true],
    ['$.n', 'NumericLessThanPath', '$.f', false],
    ['$.n', 'NumericGreaterThanPath', '$.f', true],
    ['$.f', 'NumericGreaterThanPath', '$.n', false],
    ['$.n', 'NumericLessThanEqualsPath', '$.other.n', true],
    ['$.n', 'NumericGreaterThanEqualsPath', '$$.State.RetryCount', true],
    ['$.t', 'BooleanEqualsPath', '$.other.t', true],
    ['$.no', 'BooleanEqualsPath', '$.other.t', false],
    ['$.ts', 'TimestampEqualsPath', '$.other.ts', true],
    ['$.ts', 'TimestampEqualsPath', '$.tsOffset', true],
    ['$.ts', 'TimestampLessThanPath', '$.other.ts', false],
    ['$.ts', 'TimestampGreaterThanPath', '$.other.ts', false],
    ['$.ts', 'TimestampLessThanEqualsPath', '$.other.ts', true],
    ['$.ts', 'TimestampGreaterThanEqualsPath', '$.other.ts', true],
    ['$.ts', 'TimestampEqualsPath', '$.s', false],
  ])('%s %s %s → %s', (variable, operator, operand, expected) => {
    expect(test(variable, operator, operand)).toBe(expected);
  });

  it('fails with States.Runtime when the operand path matches nothing', () => {
    const error = catchError(() => test('$.n', 'NumericEqualsPath', '$.missing.n'));
    expect(error).toBeInstanceOf(StatesError);
    expect((error as StatesError).error).toBe('States.Runtime');
    expect((error as StatesError).cause).toBe("Invalid path '$.missing.n' : No results for path: $['missing']['n']");
  });
});

describe('type tests', () => {
  it.each<[string, string, boolean, boolean]>([
    ['$.nil', 'IsNull', true, true],
    ['$.nil', 'IsNull', false, false],
    ['$.s', 'IsNull', true, false],
    ['$.s', 'IsNull', false, true],
    ['$.s', 'IsPresent', true, true],
    ['$.nil', 'IsPresent', true, true],
    ['$.s', 'IsPresent', false, false],
    ['$.missing', 'IsPresent', true, false],
    ['$.missing', 'IsPresent', false, true],
    ['$.missing[*]', 'IsPresent', true, true],
    ['$.n', 'IsNumeric', true, true],
    ['$.f', 'IsNumeric', true, true],
    ['$.other.str', 'IsNumeric', true, false],
    ['$.other.str', 'IsNumeric', false, true],
    ['$.s', 'IsString', true, true],
    ['$.s', 'IsString', false, false],
    ['$.n', 'IsString', false, true],
    ['$.ts', 'IsString', true, true],
    ['$.t', 'IsBoolean', true, true],
    ['$.no', 'IsBoolean', true, true],
    ['$.s', 'IsBoolean', true, false],
    ['$.s', 'IsBoolean', false, true],
    ['$.ts', 'IsTimestamp', true, true],
    ['$.tsOffset', 'IsTimestamp', true, true],
    ['$.lower', 'IsTimestamp', true, false],
    ['$.lower', 'IsTimestamp', false, true],
    ['$.s', 'IsTimestamp', true, false],
    ['$.n', 'IsTimestamp', false, true],
    ['$.obj', 'IsString', false, true],
    ['$.list', 'IsNumeric', false, true],
  ])('%s %s %s → %s', (variable, operator, operand, expected) => {
    expect(test(variable, operator, operand)).toBe(expected);
  });

  it.each(CHOICE_OPERATORS.filter((operator) => operator !== 'IsPresent'))(
    'a missing Variable makes %s false',
    (operator) => {
      const operand: Json = operator.startsWith('Is') ? false : operator.endsWith('Path') ? '$.s' : 'x';
      expect(test('$.missing', operator, operand)).toBe(false);
      if (operator.startsWith('Is')) expect(test('$.missing', operator, true)).toBe(false);
    },
  );
});

describe('Variable roots', () => {
  it.each<[ChoiceRule, boolean]>([
    [{ Variable: '$$.State.RetryCount', NumericGreaterThan: 1 }, true],
    [{ Variable: '$limit', NumericEquals: 10 }, true],
    [{ Variable: '$undefinedVariable', IsPresent: false }, true],
    [{ Variable: '$.list[0]', NumericEquals: 1 }, true],
    [{ Variable: '$.list[-1]', NumericEquals: 2 }, true],
    [{ Variable: '$', IsPresent: true }, true],
  ])('%j → %s', (rule, expected) => {
    expect(evaluateChoiceRule(rule, ctx)).toBe(expected);
  });
});

describe('boolean combinations', () => {
  const yes: ChoiceRule = { Variable: '$.t', BooleanEquals: true };
  const no: ChoiceRule = { Variable: '$.t', BooleanEquals: false };
  const explodes: ChoiceRule = { Variable: '$.n', NumericEqualsPath: '$.missing' };

  it.each<[string, ChoiceRule, boolean]>([
    ['And all true', { And: [yes, yes] }, true],
    ['And one false', { And: [yes, no] }, false],
    ['Or one true', { Or: [no, yes] }, true],
    ['Or all false', { Or: [no, no] }, false],
    ['Not true', { Not: yes }, false],
    ['Not false', { Not: no }, true],
    ['nested', { And: [{ Not: no }, { Or: [no, { And: [yes] }] }] }, true],
    ['And short-circuits', { And: [no, explodes] }, false],
    ['Or short-circuits', { Or: [yes, explodes] }, true],
    ['with Next and Comment', { And: [yes], Next: 'A', Comment: 'c' }, true],
    ['a data test with Next', { Variable: '$.n', NumericEquals: 10, Next: 'B', Comment: 'x' }, true],
  ])('%s', (_name, rule, expected) => {
    expect(evaluateChoiceRule(rule, ctx)).toBe(expected);
  });

  it('evaluates the rest of And when it cannot short-circuit', () => {
    expect(() => evaluateChoiceRule({ And: [yes, explodes] }, ctx)).toThrow(StatesError);
  });
});

describe('malformed rules', () => {
  it.each<[string, ChoiceRule, string]>([
    ['no operator', { Variable: '$.n' }, 'Invalid Choice rule: a rule needs And, Or, Not or a comparison operator'],
    [
      'two operators',
      { Variable: '$.n', NumericEquals: 1, IsPresent: true },
      'Invalid Choice rule: a rule takes exactly one operator but has NumericEquals, IsPresent',
    ],
    ['no Variable', { NumericEquals: 1 }, 'Invalid Choice rule: the operator NumericEquals needs a Variable'],
    ['a non-boolean type test', { Variable: '$.n', IsNull: 'yes' }, 'Invalid Choice rule: IsNull takes a boolean'],
    [
      'a non-string Path operand',
      { Variable: '$.n', NumericEqualsPath: 3 },
      'Invalid Choice rule: NumericEqualsPath takes a path',
    ],
    [
      'an invalid Variable path',
      { Variable: '$.n]', IsPresent: true },
      "Invalid path '$.n]': unexpected ']' at column 4",
    ],
  ])('%s', (_name, rule, cause) => {
    const error = catchError(() => evaluateChoiceRule(rule, ctx));
    expect(error).toBeInstanceOf(StatesError);
    expect((error as StatesError).error).toBe('States.Runtime');
    expect((error as StatesError).cause).toBe(cause);
  });

  it('compares false when a literal operand has the wrong type', () => {
    expect(test('$.n', 'NumericEquals', '10')).toBe(false);
    expect(test('$.s', 'StringEquals', 5)).toBe(false);
  });
});

describe('CHOICE_OPERATORS', () => {
  it('lists all 39 operators once', () => {
    expect(new Set(CHOICE_OPERATORS).size).toBe(39);
    expect(CHOICE_OPERATORS.length).toBe(39);
    for (const kind of ['String', 'Numeric', 'Timestamp']) {
      for (const relation of ['Equals', 'LessThan', 'GreaterThan', 'LessThanEquals', 'GreaterThanEquals']) {
        expect(CHOICE_OPERATORS).toContain(`${kind}${relation}`);
        expect(CHOICE_OPERATORS).toContain(`${kind}${relation}Path`);
      }
    }
    const others = ['StringMatches', 'BooleanEquals', 'BooleanEqualsPath'];
    const typeTests = ['IsNull', 'IsPresent', 'IsNumeric', 'IsString', 'IsBoolean', 'IsTimestamp'];
    for (const operator of [...others, ...typeTests]) expect(CHOICE_OPERATORS).toContain(operator);
  });

  it('numeric comparisons follow IEEE order (property)', () => {
    const number = fc.double({ noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(number, number, (a, b) => {
        const local = { input: { a }, context: null };
        expect(evaluateChoiceRule({ Variable: '$.a', NumericLessThan: b }, local)).toBe(a < b);
        expect(evaluateChoiceRule({ Variable: '$.a', NumericEquals: b }, local)).toBe(a === b);
        expect(evaluateChoiceRule({ Variable: '$.a', NumericGreaterThanEquals: b }, local)).toBe(a >= b);
      }),
    );
  });
});
