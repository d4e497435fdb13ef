import { describe, it } from 'vitest';
import { choice, expectProblem, expectValid, type InvalidCase } from './fixtures.js';

const RULE = '$.States.Pick.Choices[0]';
const test = (fields: Record<string, unknown>) => choice([{ Variable: '$.a', Next: 'Done', ...fields }]);

const cases: InvalidCase[] = [
  {
    name: 'Choices missing',
    definition: choice(undefined),
    path: '$.States.Pick',
    message: "required field 'Choices'",
  },
  { name: 'Choices empty', definition: choice([]), path: '$.States.Pick.Choices', message: 'non-empty array' },
  { name: 'rule not an object', definition: choice(['$.a']), path: RULE, message: 'a Choice rule must be an object' },
  {
    name: 'top-level rule without Next',
    definition: choice([{ Variable: '$.a', IsNull: true }]),
    path: RULE,
    message: "required field 'Next'",
  },
  {
    name: 'rule with End',
    definition: test({ IsNull: true, End: true }),
    path: `${RULE}.End`,
    message: "field 'End' is not allowed in a Choice rule",
  },
  {
    name: 'Variable missing',
    definition: choice([{ StringEquals: 'x', Next: 'Done' }]),
    path: RULE,
    message: "required field 'Variable'",
  },
  {
    name: 'Variable not a path',
    definition: test({ Variable: 'a', IsNull: true }),
    path: `${RULE}.Variable`,
    message: "'a' is not a path",
  },
  {
    name: 'Variable an intrinsic',
    definition: test({ Variable: 'States.ArrayLength($.a)', IsNull: true }),
    path: `${RULE}.Variable`,
    message: 'is not a path',
  },
  { name: 'no operator', definition: test({}), path: RULE, message: 'exactly one comparison operator (found none)' },
  {
    name: 'two operators',
    definition: test({ StringEquals: 'a', StringMatches: 'a*' }),
    path: RULE,
    message: '(found StringEquals, StringMatches)',
  },
  {
    name: 'unknown operator',
    definition: test({ StringContains: 'a' }),
    path: `${RULE}.StringContains`,
    message: "field 'StringContains' is not allowed",
  },
  {
    name: 'StringEquals number',
    definition: test({ StringEquals: 1 }),
    path: `${RULE}.StringEquals`,
    message: 'StringEquals must be a string',
  },
  {
    name: 'NumericLessThan string',
    definition: test({ NumericLessThan: '1' }),
    path: `${RULE}.NumericLessThan`,
    message: 'must be a number',
  },
  {
    name: 'BooleanEquals string',
    definition: test({ BooleanEquals: 'true' }),
    path: `${RULE}.BooleanEquals`,
    message: 'must be a boolean',
  },
  {
    name: 'TimestampEquals not RFC3339',
    definition: test({ TimestampEquals: '2024-01-01' }),
    path: `${RULE}.TimestampEquals`,
    message: 'RFC3339',
  },
  {
    name: 'IsPresent string',
    definition: test({ IsPresent: 'yes' }),
    path: `${RULE}.IsPresent`,
    message: 'must be a boolean',
  },
  {
    name: 'StringEqualsPath not a path',
    definition: test({ StringEqualsPath: 'other' }),
    path: `${RULE}.StringEqualsPath`,
    message: 'is not a path',
  },
  {
    name: 'NumericEqualsPath not a string',
    definition: test({ NumericEqualsPath: 1 }),
    path: `${RULE}.NumericEqualsPath`,
    message: 'must be a path string',
  },
  {
    name: 'And empty',
    definition: choice([{ And: [], Next: 'Done' }]),
    path: `${RULE}.And`,
    message: 'And must be a non-empty array',
  },
  {
    name: 'Or not an array',
    definition: choice([{ Or: { Variable: '$.a', IsNull: true }, Next: 'Done' }]),
    path: `${RULE}.Or`,
    message: 'non-empty array',
  },
  {
    name: 'Not an array',
    definition: choice([{ Not: [{ Variable: '$.a', IsNull: true }], Next: 'Done' }]),
    path: `${RULE}.Not`,
    message: 'nested Choice rule must be an object',
  },
  {
    name: 'And mixed with a data test',
    definition: test({ And: [{ Variable: '$.b', IsNull: true }], IsNull: true }),
    path: RULE,
    message: 'exactly one of And, Or, Not and nothing else',
  },
  {
    name: 'nested rule with Next',
    definition: choice([{ Not: { Variable: '$.a', IsNull: true, Next: 'Done' }, Next: 'Done' }]),
    path: `${RULE}.Not.Next`,
    message: 'nested Choice rule (inside And, Or or Not) cannot have Next',
  },
  {
    name: 'nested rule checked deeply',
    definition: choice([{ Or: [{ And: [{ Variable: '$.a', NumericEquals: 'x' }] }], Next: 'Done' }]),
    path: `${RULE}.Or[0].And[0].NumericEquals`,
    message: 'must be a number',
  },
  {
    name: 'Default not a string',
    definition: choice([{ Variable: '$.a', IsNull: true, Next: 'Done' }], { Default: 1 }),
    path: '$.States.Pick.Default',
    message: 'Default must be a string',
  },
];

describe('validateDefinition: Choice', () => {
  it.each(cases)('$name', expectProblem);

  it('accepts every operator family, nesting, comments and Assign', () => {
    expectValid(
      choice([
        { Variable: '$.s', StringMatches: 'log-*.txt', Next: 'Done', Comment: 'c', Assign: { matched: true } },
        { Variable: '$$.Execution.Id', IsString: true, Next: 'Done' },
        { Variable: '$n', NumericGreaterThanEqualsPath: '$.limit', Next: 'Done' },
        { Variable: '$.t', TimestampLessThan: '2024-01-01T00:00:00Z', Next: 'Done' },
        {
          And: [
            { Variable: '$.a', BooleanEquals: true, Comment: 'nested' },
            { Not: { Variable: '$.b', IsPresent: true } },
          ],
          Next: 'Done',
        },
      ]),
    );
  });
});
