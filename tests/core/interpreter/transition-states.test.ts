import { describe, expect, it } from 'vitest';
import { InterpreterDriver, T0 } from './interpreter-driver.js';

describe('Pass', () => {
  it.each([
    [{ Result: { a: 1 } }, { in: true }, { a: 1 }],
    [{ Result: 'r', ResultPath: '$.x' }, { in: true }, { in: true, x: 'r' }],
    [{ ResultPath: null, Result: 'ignored' }, { in: true }, { in: true }],
    [{ InputPath: '$.inner' }, { inner: { v: 2 } }, { v: 2 }],
    [{ InputPath: null }, { a: 1 }, {}],
    [{ OutputPath: '$.keep' }, { keep: 3, drop: 4 }, 3],
    [{ OutputPath: null }, { a: 1 }, {}],
    [
      { Parameters: { 'v.$': '$.a', fixed: 'f', 'name.$': '$$.State.Name' } },
      { a: 9 },
      { v: 9, fixed: 'f', name: 'P' },
    ],
    [
      { Parameters: { 'id.$': '$$.Execution.Name', 'start.$': '$$.Execution.StartTime' } },
      {},
      { id: 'e1', start: new Date(T0).toISOString() },
    ],
  ])('%j with input %j outputs %j', async (fields, input, expected) => {
    const run = await new InterpreterDriver({
      StartAt: 'P',
      States: { P: { Type: 'Pass', End: true, ...fields } },
    }).start(input);
    expect(run.status).toBe('SUCCEEDED');
    expect(run.output).toEqual(expected);
    expect(run.types()).toEqual(['ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded']);
  });

  it('fails with States.ResultPathMatchFailure when ResultPath cannot be applied', async () => {
    const run = await new InterpreterDriver({
      StartAt: 'P',
      States: { P: { Type: 'Pass', ResultPath: '$.a.b', End: true } },
    }).start({ a: 'text' });
    expect(run.status).toBe('FAILED');
    expect(run.snapshot?.error).toBe('States.ResultPathMatchFailure');
  });

  it('fails with States.Runtime when InputPath selects nothing', async () => {
    const run = await new InterpreterDriver({
      StartAt: 'P',
      States: { P: { Type: 'Pass', InputPath: '$.missing', End: true } },
    }).start({});
    expect(run.status).toBe('FAILED');
    expect(run.snapshot?.error).toBe('States.Runtime');
    expect(run.snapshot?.cause).toContain('$.missing');
  });
});

describe('Choice', () => {
  const definition = {
    StartAt: 'C',
    States: {
      C: {
        Type: 'Choice' as const,
        Choices: [
          { Variable: '$.n', NumericGreaterThan: 10, Next: 'Big' },
          {
            And: [
              { Variable: '$.s', IsPresent: true },
              { Variable: '$.s', StringMatches: 'a*' },
            ],
            Next: 'A',
          },
          { Not: { Variable: '$.flag', BooleanEquals: true }, Next: 'NotFlag' },
        ],
        Default: 'Other',
      },
      Big: { Type: 'Succeed' as const },
      A: { Type: 'Succeed' as const },
      NotFlag: { Type: 'Succeed' as const },
      Other: { Type: 'Succeed' as const },
    },
  };
  it.each([
    [{ n: 11 }, 'Big'],
    [{ n: 1, s: 'abc', flag: true }, 'A'],
    [{ n: 1, s: 'xyz', flag: false }, 'NotFlag'],
    [{ n: 1, flag: true }, 'Other'],
  ])('%j goes to %s', async (input, target) => {
    const run = await new InterpreterDriver(definition).start(input);
    expect(run.entered()).toEqual(['C', target]);
    expect(run.output).toEqual(input);
  });

  it('fails with States.NoChoiceMatched without a Default', async () => {
    const run = await new InterpreterDriver({
      StartAt: 'C',
      States: {
        C: { Type: 'Choice', Choices: [{ Variable: '$.x', IsNull: true, Next: 'D' }] },
        D: { Type: 'Succeed' },
      },
    }).start({ x: 1 });
    expect(run.status).toBe('FAILED');
    expect(run.snapshot?.error).toBe('States.NoChoiceMatched');
  });
});

describe('Wait', () => {
  it.each([
    [{ Seconds: 30 }, {}, T0 + 30_000],
    [{ SecondsPath: '$.s' }, { s: 5 }, T0 + 5_000],
    [{ Timestamp: '2026-01-02T00:00:00Z' }, {}, Date.UTC(2026, 0, 2)],
    [{ TimestampPath: '$.t' }, { t: '2026-01-01T01:00:00+01:00' }, T0],
  ])('%j arms a timer due at the right time', async (fields, input, due) => {
    const run = await new InterpreterDriver({
      StartAt: 'W',
      States: { W: { Type: 'Wait', End: true, ...fields } },
    }).start(input);
    if (due <= T0) {
      expect(run.status).toBe('SUCCEEDED');
      return;
    }
    expect(run.timers().map((timer) => timer.dueAt)).toEqual([due]);
    expect(run.status).toBe('RUNNING');
    await run.fire();
    expect(run.status).toBe('SUCCEEDED');
    expect(run.types()).toEqual(['ExecutionStarted', 'WaitStateEntered', 'WaitStateExited', 'ExecutionSucceeded']);
  });

  it.each([[{ s: -1 }], [{ s: 'soon' }], [{}]])(
    'fails with States.Runtime for a bad SecondsPath value %j',
    async (input) => {
      const run = await new InterpreterDriver({
        StartAt: 'W',
        States: { W: { Type: 'Wait', SecondsPath: '$.s', End: true } },
      }).start(input);
      expect(run.status).toBe('FAILED');
      expect(run.snapshot?.error).toBe('States.Runtime');
    },
  );
});

describe('Fail and Succeed', () => {
  it('takes Error and Cause from paths', async () => {
    const run = await new InterpreterDriver({
      StartAt: 'F',
      States: { F: { Type: 'Fail', ErrorPath: '$.e', CausePath: '$.c' } },
    }).start({ e: 'Custom', c: 'because' });
    expect(run.status).toBe('FAILED');
    expect(run.snapshot).toMatchObject({ error: 'Custom', cause: 'because' });
    expect(run.types()).toEqual(['ExecutionStarted', 'FailStateEntered', 'ExecutionFailed']);
    expect(run.events.at(-1)?.executionFailedEventDetails).toEqual({ error: 'Custom', cause: 'because' });
  });

  it('Succeed applies InputPath and OutputPath', async () => {
    const run = await new InterpreterDriver({
      StartAt: 'S',
      States: { S: { Type: 'Succeed', InputPath: '$.a', OutputPath: '$.b' } },
    }).start({ a: { b: 7 } });
    expect(run.output).toBe(7);
  });
});

describe('history limits', () => {
  it('stops an endless Pass loop at the history event limit instead of hanging', async () => {
    const run = await new InterpreterDriver({
      StartAt: 'A',
      States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'A' } },
    }).start({});
    expect(run.status).toBe('FAILED');
    expect(run.snapshot?.error).toBe('States.Runtime');
    expect(run.events.length).toBeLessThanOrEqual(25_000);
  });
});

describe('intrinsic functions in states', () => {
  it('evaluates intrinsics in Parameters with the injected uuid and random sources', async () => {
    const run = await new InterpreterDriver({
      StartAt: 'P',
      States: {
        P: {
          Type: 'Pass',
          Parameters: {
            'greeting.$': "States.Format('Hello {}, order {}', $.name, $.order)",
            'id.$': 'States.UUID()',
            'total.$': 'States.MathAdd($.a, $.b)',
            'parts.$': "States.StringSplit($.csv, ',')",
          },
          End: true,
        },
      },
    }).start({ name: 'Ada', order: 7, a: 40, b: 2, csv: 'x,y' });
    expect(run.status).toBe('SUCCEEDED');
    expect(run.output).toEqual({ greeting: 'Hello Ada, order 7', id: 'uuid-0', total: 42, parts: ['x', 'y'] });
  });

  it('fails a state with States.IntrinsicFailure, which a Task can catch', async () => {
    const run = await new InterpreterDriver({
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: 'Work',
          Parameters: { 'n.$': 'States.MathAdd($.a, 1)' },
          Catch: [{ ErrorEquals: ['States.IntrinsicFailure'], Next: 'Caught' }],
          End: true,
        },
        Caught: { Type: 'Pass', End: true },
      },
    }).start({ a: 'not a number' });
    expect(run.entered()).toEqual(['T', 'Caught']);
    expect((run.output as { Error: string }).Error).toBe('States.IntrinsicFailure');
  });
});

describe('Fail with an intrinsic in CausePath', () => {
  it('evaluates the intrinsic function', async () => {
    const run = await new InterpreterDriver({
      StartAt: 'F',
      States: { F: { Type: 'Fail', Error: 'OrderFailed', CausePath: "States.Format('order {} failed', $.id)" } },
    }).start({ id: 42 });
    expect(run.snapshot).toMatchObject({ status: 'FAILED', error: 'OrderFailed', cause: 'order 42 failed' });
  });
});
