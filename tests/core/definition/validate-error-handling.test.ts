import { describe, it } from 'vitest';
import { expectProblem, expectValid, machine, pass, single, task, type InvalidCase } from './fixtures.js';

const withRetry = (...retriers: unknown[]) => single(task({ Retry: retriers }));
const withCatch = (...catchers: unknown[]) => machine({ Work: task({ Catch: catchers }), Recover: pass() });
const RETRIER = '$.States.Only.Retry[0]';
const CATCHER = '$.States.Work.Catch[0]';

const retryCases: InvalidCase[] = [
  {
    name: 'Retry not an array',
    definition: single(task({ Retry: {} })),
    path: '$.States.Only.Retry',
    message: 'Retry must be an array of retriers',
  },
  {
    name: 'retrier not an object',
    definition: withRetry('States.ALL'),
    path: RETRIER,
    message: 'a retrier must be an object',
  },
  {
    name: 'ErrorEquals missing',
    definition: withRetry({ MaxAttempts: 1 }),
    path: RETRIER,
    message: "required field 'ErrorEquals'",
  },
  {
    name: 'ErrorEquals empty',
    definition: withRetry({ ErrorEquals: [] }),
    path: `${RETRIER}.ErrorEquals`,
    message: 'non-empty array of error names',
  },
  {
    name: 'ErrorEquals not strings',
    definition: withRetry({ ErrorEquals: [true] }),
    path: `${RETRIER}.ErrorEquals`,
    message: 'non-empty array of error names',
  },
  {
    name: 'States.ALL not alone',
    definition: withRetry({ ErrorEquals: ['States.ALL', 'Boom'] }),
    path: `${RETRIER}.ErrorEquals`,
    message: 'States.ALL must appear alone',
  },
  {
    name: 'States.ALL not in the last retrier',
    definition: withRetry({ ErrorEquals: ['States.ALL'] }, { ErrorEquals: ['Boom'] }),
    path: `${RETRIER}.ErrorEquals`,
    message: 'the retrier with States.ALL must be the last one',
  },
  {
    name: 'IntervalSeconds zero',
    definition: withRetry({ ErrorEquals: ['E'], IntervalSeconds: 0 }),
    path: `${RETRIER}.IntervalSeconds`,
    message: 'positive integer',
  },
  {
    name: 'MaxAttempts negative',
    definition: withRetry({ ErrorEquals: ['E'], MaxAttempts: -1 }),
    path: `${RETRIER}.MaxAttempts`,
    message: 'non-negative integer',
  },
  {
    name: 'BackoffRate below 1',
    definition: withRetry({ ErrorEquals: ['E'], BackoffRate: 0.5 }),
    path: `${RETRIER}.BackoffRate`,
    message: 'greater than or equal to 1',
  },
  {
    name: 'MaxDelaySeconds zero',
    definition: withRetry({ ErrorEquals: ['E'], MaxDelaySeconds: 0 }),
    path: `${RETRIER}.MaxDelaySeconds`,
    message: 'positive integer',
  },
  {
    name: 'JitterStrategy unknown',
    definition: withRetry({ ErrorEquals: ['E'], JitterStrategy: 'HALF' }),
    path: `${RETRIER}.JitterStrategy`,
    message: 'one of FULL, NONE',
  },
  {
    name: 'retrier with Next',
    definition: withRetry({ ErrorEquals: ['E'], Next: 'X' }),
    path: `${RETRIER}.Next`,
    message: "field 'Next' is not allowed in a retrier",
  },
];

const catchCases: InvalidCase[] = [
  {
    name: 'Catch not an array',
    definition: single(task({ Catch: 'Recover' })),
    path: '$.States.Only.Catch',
    message: 'Catch must be an array of catchers',
  },
  {
    name: 'catcher without Next',
    definition: withCatch({ ErrorEquals: ['States.ALL'] }),
    path: CATCHER,
    message: "required field 'Next'",
  },
  {
    name: 'catcher Next not a string',
    definition: withCatch({ ErrorEquals: ['States.ALL'], Next: 3 }),
    path: `${CATCHER}.Next`,
    message: 'Next must be a string',
  },
  {
    name: 'catcher ErrorEquals empty',
    definition: withCatch({ ErrorEquals: [], Next: 'Recover' }),
    path: `${CATCHER}.ErrorEquals`,
    message: 'non-empty array',
  },
  {
    name: 'States.ALL not in the last catcher',
    definition: withCatch({ ErrorEquals: ['States.ALL'], Next: 'Recover' }, { ErrorEquals: ['E'], Next: 'Recover' }),
    path: `${CATCHER}.ErrorEquals`,
    message: 'the catcher with States.ALL must be the last one',
  },
  {
    name: 'catcher ResultPath invalid',
    definition: withCatch({ ErrorEquals: ['E'], Next: 'Recover', ResultPath: '$.e[*]' }),
    path: `${CATCHER}.ResultPath`,
    message: 'reference path',
  },
  {
    name: 'catcher with a retrier field',
    definition: withCatch({ ErrorEquals: ['E'], Next: 'Recover', MaxAttempts: 2 }),
    path: `${CATCHER}.MaxAttempts`,
    message: "field 'MaxAttempts' is not allowed in a catcher",
  },
  {
    name: 'Retry on a Pass state',
    definition: single(pass({ Retry: [{ ErrorEquals: ['E'] }] })),
    path: '$.States.Only.Retry',
    message: "field 'Retry' is not allowed in a Pass state",
  },
];

describe('validateDefinition: Retry', () => {
  it.each(retryCases)('$name', expectProblem);

  it('accepts complete retriers', () => {
    expectValid(
      withRetry(
        { ErrorEquals: ['Lambda.TooManyRequestsException'], IntervalSeconds: 2, MaxAttempts: 0, BackoffRate: 1 },
        { ErrorEquals: ['States.ALL'], MaxDelaySeconds: 60, JitterStrategy: 'FULL', BackoffRate: 2.5, Comment: 'all' },
      ),
    );
  });
});

describe('validateDefinition: Catch', () => {
  it.each(catchCases)('$name', expectProblem);

  it('accepts catchers with ResultPath, Assign and Comment', () => {
    expectValid(
      withCatch({
        ErrorEquals: ['States.ALL'],
        Next: 'Recover',
        ResultPath: '$.error',
        Assign: { failed: true },
        Comment: 'c',
      }),
    );
  });
});
