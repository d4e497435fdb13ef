import { describe, expect, it } from 'vitest';
import { validateDefinition } from '../../../src/core/definition/validate-definition.js';
import { expectProblem, expectValid, machine, pass, scope, single, task, type InvalidCase } from './fixtures.js';

const cases: InvalidCase[] = [
  { name: 'not an object', definition: [], path: '$', message: 'must be a JSON object' },
  { name: 'StartAt missing', definition: { States: { A: pass() } }, path: '$', message: "required field 'StartAt'" },
  {
    name: 'StartAt not a string',
    definition: { StartAt: 1, States: { A: pass() } },
    path: '$.StartAt',
    message: 'StartAt must be the name',
  },
  {
    name: 'StartAt unknown',
    definition: { StartAt: 'B', States: { A: pass() } },
    path: '$.StartAt',
    message: "StartAt 'B' does not name a state",
  },
  { name: 'States missing', definition: { StartAt: 'A' }, path: '$', message: "required field 'States'" },
  { name: 'States empty', definition: { StartAt: 'A', States: {} }, path: '$.States', message: 'non-empty object' },
  {
    name: 'States not an object',
    definition: { StartAt: 'A', States: [] },
    path: '$.States',
    message: 'non-empty object',
  },
  {
    name: 'Comment not a string',
    definition: single(pass(), { Comment: 3 }),
    path: '$.Comment',
    message: 'Comment must be a string',
  },
  {
    name: 'Version not a string',
    definition: single(pass(), { Version: 1 }),
    path: '$.Version',
    message: 'Version must be a string',
  },
  {
    name: 'TimeoutSeconds zero',
    definition: single(pass(), { TimeoutSeconds: 0 }),
    path: '$.TimeoutSeconds',
    message: 'positive integer',
  },
  {
    name: 'TimeoutSeconds fractional',
    definition: single(pass(), { TimeoutSeconds: 1.5 }),
    path: '$.TimeoutSeconds',
    message: 'positive integer',
  },
  {
    name: 'TimeoutSeconds too large',
    definition: single(pass(), { TimeoutSeconds: 100000000 }),
    path: '$.TimeoutSeconds',
    message: 'at most 99999999',
  },
  {
    name: 'QueryLanguage unknown',
    definition: single(pass(), { QueryLanguage: 'XPath' }),
    path: '$.QueryLanguage',
    message: 'JSONPath or JSONata',
  },
  {
    name: 'unknown top-level field',
    definition: single(pass(), { Timeout: 3 }),
    path: '$.Timeout',
    message: "field 'Timeout' is not allowed in the state machine",
  },
  {
    name: 'JSONata machine with allowJsonata: false',
    definition: single(pass(), { QueryLanguage: 'JSONata' }),
    options: { allowJsonata: false },
    path: '$.QueryLanguage',
    message: 'JSONata is not supported by this engine yet',
  },
];

describe('validateDefinition: top level', () => {
  it.each(cases)('$name', expectProblem);

  it('accepts a minimal machine and the optional top-level fields', () => {
    expectValid(single(pass()));
    expectValid(single(pass(), { Comment: 'c', Version: '1.0', TimeoutSeconds: 60, QueryLanguage: 'JSONPath' }));
  });

  it('quotes state names that are not identifiers in paths', () => {
    const problems = validateDefinition(machine({ "Bob's step": pass({ Next: 'Nope', End: undefined }) }));
    expect(problems.map((problem) => problem.path)).toContain("$.States['Bob\\'s step'].Next");
  });

  it('accepts nested scopes that mirror the top level', () => {
    const parallel = { Type: 'Parallel', Branches: [scope({ B1: pass() }), scope({ B2: pass() })], End: true };
    expectValid(single(parallel));
  });
});

describe('validateDefinition: several mistakes', () => {
  it('reports every mistake of a definition, not only the first', () => {
    const definition = machine(
      {
        Pay: task({ Next: 'Missing', End: true, TimeoutSeconds: -1 }),
        'Book hotel': { Type: 'Wait', Next: 'Pay' },
        Orphan: pass({ Retry: [] }),
      },
      { Bogus: true },
    );
    expect(validateDefinition(definition)).toEqual([
      { path: '$.Bogus', message: "field 'Bogus' is not allowed in the state machine" },
      { path: '$.States.Pay', message: 'a Task state cannot have both Next and End' },
      { path: '$.States.Pay.TimeoutSeconds', message: 'TimeoutSeconds must be a positive integer' },
      {
        path: "$.States['Book hotel']",
        message: 'a Wait state needs exactly one of Seconds, SecondsPath, Timestamp, TimestampPath',
      },
      { path: '$.States.Orphan.Retry', message: "field 'Retry' is not allowed in a Pass state" },
      { path: '$.States.Pay.Next', message: "Next 'Missing' does not name a state of this scope" },
      { path: "$.States['Book hotel']", message: "state 'Book hotel' cannot be reached from StartAt 'Pay'" },
      { path: '$.States.Orphan', message: "state 'Orphan' cannot be reached from StartAt 'Pay'" },
    ]);
  });
});
