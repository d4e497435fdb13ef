import { describe, expect, it } from 'vitest';
import type { StateMachineDefinition, TaskState } from '../../../src/core/definition/asl-types.js';
import { errorMatches, retryDelayMs } from '../../../src/core/interpreter/error-handling.js';
import { InterpreterDriver, T0 } from './interpreter-driver.js';

function taskMachine(task: Partial<TaskState>, extra: StateMachineDefinition['States'] = {}): StateMachineDefinition {
  return { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'Work', End: true, ...task }, ...extra } };
}

describe('error matching', () => {
  it.each([
    [['States.ALL'], 'Anything', true],
    [['States.ALL'], 'States.Timeout', true],
    [['States.ALL'], 'States.Runtime', false],
    [['States.TaskFailed'], 'Custom', true],
    [['States.TaskFailed'], 'States.Timeout', false],
    [['States.Timeout'], 'States.Timeout', true],
    [['A', 'B'], 'B', true],
    [['A'], 'B', false],
  ])('%j matches %s: %s', (errorEquals, error, expected) => {
    expect(errorMatches(errorEquals, error)).toBe(expected);
  });
});

describe('retry back-off', () => {
  it.each([
    [{ ErrorEquals: ['X'] }, [1000, 2000, 4000]],
    [{ ErrorEquals: ['X'], IntervalSeconds: 3, BackoffRate: 1.5 }, [3000, 4500, 6750]],
    [{ ErrorEquals: ['X'], IntervalSeconds: 2, BackoffRate: 10, MaxDelaySeconds: 50 }, [2000, 20000, 50000]],
  ])('%j waits %j', (retrier, delays) => {
    expect([1, 2, 3].map((attempt) => retryDelayMs(retrier, attempt, () => 0.5))).toEqual(delays);
  });

  it('FULL jitter scales the delay by the injected random number', () => {
    expect(retryDelayMs({ ErrorEquals: ['X'], IntervalSeconds: 10, JitterStrategy: 'FULL' }, 1, () => 0.25)).toBe(2500);
  });
});

describe('Task retry and catch', () => {
  it('retries with growing delays, then fails after MaxAttempts', async () => {
    const run = await new InterpreterDriver(
      taskMachine({ Retry: [{ ErrorEquals: ['Flaky'], MaxAttempts: 2 }] }),
    ).start();
    expect(run.task().attempt).toBe(1);
    await run.fail('Flaky');
    expect(run.timers()[0]?.dueAt).toBe(T0 + 1000);
    await run.fire();
    expect(run.task().attempt).toBe(2);
    await run.fail('Flaky');
    expect(run.timers()[0]?.dueAt).toBe(run.now + 2000);
    await run.fire();
    await run.fail('Flaky');
    expect(run.status).toBe('FAILED');
    expect(run.snapshot?.error).toBe('Flaky');
    expect(run.types().filter((t) => t === 'TaskScheduled')).toHaveLength(3);
    expect(run.types().filter((t) => t === 'TaskStateEntered')).toHaveLength(1);
  });

  it('keeps a separate counter per retrier (the spec example A, B, C, B)', async () => {
    const run = await new InterpreterDriver(
      taskMachine(
        {
          Retry: [
            { ErrorEquals: ['A', 'B'], MaxAttempts: 2, IntervalSeconds: 1, BackoffRate: 2 },
            { ErrorEquals: ['C'], MaxAttempts: 1, IntervalSeconds: 5 },
          ],
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
        },
        { Caught: { Type: 'Pass', End: true } },
      ),
    ).start();
    const delays: number[] = [];
    for (const error of ['A', 'B', 'C']) {
      const before = run.now;
      await run.fail(error);
      delays.push((run.timers()[0]?.dueAt ?? 0) - before);
      await run.fire();
    }
    expect(delays).toEqual([1000, 2000, 5000]);
    await run.fail('B');
    expect(run.entered()).toEqual(['T', 'Caught']);
  });

  it('exposes the retry count as $$.State.RetryCount', async () => {
    const run = await new InterpreterDriver(
      taskMachine({ Parameters: { 'n.$': '$$.State.RetryCount' }, Retry: [{ ErrorEquals: ['States.ALL'] }] }),
    ).start();
    expect(run.task().input).toEqual({ n: 0 });
    await run.fail('X');
    await run.fire();
    expect(run.task().input).toEqual({ n: 1 });
  });

  it('catches into ResultPath and records TaskStateExited with the merged error', async () => {
    const run = await new InterpreterDriver(
      taskMachine(
        { Catch: [{ ErrorEquals: ['Bad'], ResultPath: '$.err', Next: 'Undo' }] },
        { Undo: { Type: 'Pass', End: true } },
      ),
    ).start({ id: 1 });
    await run.fail('Bad', 'it broke');
    expect(run.output).toEqual({ id: 1, err: { Error: 'Bad', Cause: 'it broke' } });
    expect(run.types()).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskFailed',
      'TaskStateExited',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('applies ResultSelector, ResultPath and OutputPath to a task result', async () => {
    const run = await new InterpreterDriver(
      taskMachine({ ResultSelector: { 'code.$': '$.status' }, ResultPath: '$.r', OutputPath: '$.r.code' }),
    ).start({ keep: true });
    await run.succeed({ status: 201, noise: 'x' });
    expect(run.output).toBe(201);
  });

  it('ignores a result for a task that is no longer awaited', async () => {
    const run = await new InterpreterDriver(taskMachine({})).start();
    const task = run.task();
    await run.succeed('first', task);
    const eventsBefore = run.events.length;
    await run.succeed('second', task);
    expect(run.events.length).toBe(eventsBefore);
    expect(run.output).toBe('first');
  });
});

describe('timeouts and stop', () => {
  it('times a task out with States.Timeout, cancels the invocation, and lets Catch take it', async () => {
    const run = await new InterpreterDriver(
      taskMachine(
        { TimeoutSeconds: 10, Catch: [{ ErrorEquals: ['States.Timeout'], Next: 'Late' }] },
        { Late: { Type: 'Pass', End: true } },
      ),
    ).start();
    const task = run.task();
    await run.fire();
    expect(run.cancelled()).toContain(task.taskId);
    expect(run.types()).toContain('TaskTimedOut');
    expect(run.entered()).toEqual(['T', 'Late']);
  });

  it('States.TaskFailed does not catch a timeout', async () => {
    const run = await new InterpreterDriver(
      taskMachine(
        { TimeoutSeconds: 1, Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'X' }] },
        { X: { Type: 'Succeed' } },
      ),
    ).start();
    await run.fire();
    expect(run.status).toBe('FAILED');
    expect(run.snapshot?.error).toBe('States.Timeout');
  });

  it('times the whole execution out and cancels its outstanding work', async () => {
    const run = await new InterpreterDriver({ ...taskMachine({}), TimeoutSeconds: 60 }).start();
    const task = run.task();
    const timeout = run.timers()[0];
    expect(timeout?.dueAt).toBe(T0 + 60_000);
    await run.fire(timeout);
    expect(run.status).toBe('TIMED_OUT');
    expect(run.cancelled()).toContain(task.taskId);
    expect(run.types().at(-1)).toBe('ExecutionTimedOut');
  });

  it('aborts on StopExecution and ignores later events', async () => {
    const run = await new InterpreterDriver(taskMachine({})).start();
    const task = run.task();
    await run.feed({ type: 'StopExecution', error: 'Operator', cause: 'stopped by hand' });
    expect(run.status).toBe('ABORTED');
    expect(run.cancelled()).toEqual([task.taskId]);
    const count = run.events.length;
    await run.succeed('late', task);
    expect(run.events.length).toBe(count);
  });
});
