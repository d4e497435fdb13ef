import { describe, expect, it } from 'vitest';
import type { StateMachineDefinition } from '../../../src/core/definition/asl-types.js';
import { redriveProblem, REDRIVE_WINDOW_MS } from '../../../src/core/interpreter/redrive.js';
import { InterpreterDriver } from './interpreter-driver.js';

const chain: StateMachineDefinition = {
  StartAt: 'Remember',
  States: {
    Remember: { Type: 'Pass', Assign: { orderId: '{% $states.input.id %}' }, QueryLanguage: 'JSONata', Next: 'A' },
    A: { Type: 'Task', Resource: 'A', ResultPath: '$.a', Next: 'B' },
    B: {
      Type: 'Task',
      Resource: 'B',
      Retry: [{ ErrorEquals: ['Flaky'], MaxAttempts: 1, IntervalSeconds: 1 }],
      Parameters: { 'order.$': '$orderId', 'redrives.$': '$$.Execution.RedriveCount', 'a.$': '$.a' },
      End: true,
    },
  },
};

describe('RedriveExecution: a failed task', () => {
  it('enters the failed state again with its input, variables and fresh retry counters', async () => {
    const run = await new InterpreterDriver(chain).start({ id: 7 });
    await run.succeed('a-out');
    expect(run.task().input).toEqual({ order: 7, redrives: 0, a: 'a-out' });
    await run.fail('Flaky');
    await run.fire();
    await run.fail('Flaky');
    expect(run.status).toBe('FAILED');
    const failedId = run.events.at(-1)!.id;

    run.now += 60_000;
    await run.feed({ type: 'RedriveExecution' });
    expect(run.status).toBe('RUNNING');
    expect(run.snapshot).toMatchObject({ redriveCount: 1, redriveTime: run.now });
    expect(run.snapshot?.error).toBeUndefined();
    const redriven = run.events.find((event) => event.type === 'ExecutionRedriven')!;
    expect(redriven).toMatchObject({ id: failedId + 1, previousEventId: failedId, timestamp: run.now });
    expect(redriven.executionRedrivenEventDetails).toEqual({ redriveCount: 1 });
    expect(run.types().slice(-3)).toEqual(['ExecutionRedriven', 'TaskStateEntered', 'TaskScheduled']);
    expect(run.invocations().map((task) => task.resource)).toEqual(['B']);
    expect(run.task()).toMatchObject({ attempt: 1, input: { order: 7, redrives: 1, a: 'a-out' } });

    await run.fail('Flaky');
    expect(run.timers()).toHaveLength(1); // the retrier's attempts started again from zero
    await run.fire();
    await run.succeed('b-out');
    expect(run.status).toBe('SUCCEEDED');
    expect(run.output).toBe('b-out');
    expect(run.entered()).toEqual(['Remember', 'A', 'B', 'B']);
  });

  it('counts redrives and refuses a SUCCEEDED or RUNNING execution', async () => {
    const run = await new InterpreterDriver(chain).start({ id: 1 });
    const running = run.events.length;
    const task = run.task();
    await run.feed({ type: 'RedriveExecution' });
    expect(run.events.length).toBe(running);
    expect(redriveProblem(run.snapshot!, run.now)).toBe('Execution is RUNNING and cannot be redriven');

    await run.fail('Broken', '', task);
    await run.feed({ type: 'RedriveExecution' });
    await run.fail('Broken');
    await run.feed({ type: 'RedriveExecution' });
    expect(run.snapshot?.redriveCount).toBe(2);
    expect(run.task().resource).toBe('A');
    await run.succeed('a');
    await run.succeed('b');
    expect(run.status).toBe('SUCCEEDED');
    const count = run.events.length;
    await run.feed({ type: 'RedriveExecution' });
    expect(run.events.length).toBe(count);
    expect(redriveProblem(run.snapshot!, run.now)).toBe('Execution is SUCCEEDED and cannot be redriven');
    expect(run.types().filter((type) => type === 'ExecutionRedriven')).toHaveLength(2);
  });

  it('refuses once 14 days passed since the execution ended', async () => {
    const run = await new InterpreterDriver(chain).start({ id: 1 });
    await run.fail('Broken');
    run.now += REDRIVE_WINDOW_MS + 1;
    expect(redriveProblem(run.snapshot!, run.now)).toBe('Execution redrivable period exceeded');
    await run.feed({ type: 'RedriveExecution' });
    expect(run.status).toBe('FAILED');
    run.now -= 2;
    expect(redriveProblem(run.snapshot!, run.now)).toBeUndefined();
  });

  it('refuses an execution that failed with States.DataLimitExceeded', async () => {
    const run = await new InterpreterDriver(chain).start({ id: 1 });
    await run.fail('States.DataLimitExceeded');
    expect(redriveProblem(run.snapshot!, run.now)).toMatch(/DataLimitExceeded/);
  });
});

describe('RedriveExecution: timed out and aborted executions', () => {
  const slow: StateMachineDefinition = {
    TimeoutSeconds: 10,
    StartAt: 'First',
    States: {
      First: { Type: 'Task', Resource: 'First', Next: 'Slow' },
      Slow: { Type: 'Task', Resource: 'Slow', End: true },
    },
  };

  it('resumes a TIMED_OUT execution at the running state with a new execution timeout', async () => {
    const run = await new InterpreterDriver(slow).start({});
    const timeout = run.timers()[0]!;
    await run.succeed('first');
    await run.fire(timeout);
    expect(run.status).toBe('TIMED_OUT');
    await run.feed({ type: 'RedriveExecution' });
    expect(run.invocations().map((task) => task.resource)).toEqual(['Slow']);
    expect(run.timers()).toEqual([expect.objectContaining({ purpose: 'execution-timeout', dueAt: run.now + 10_000 })]);
    await run.succeed('done');
    expect(run.status).toBe('SUCCEEDED');
  });

  it('resumes an ABORTED execution at the state it was stopped in', async () => {
    const run = await new InterpreterDriver(slow).start({});
    await run.succeed('first');
    await run.feed({ type: 'StopExecution', error: 'Operator', cause: 'by hand' });
    expect(run.status).toBe('ABORTED');
    expect(run.events.at(-1)?.executionAbortedEventDetails).toEqual({ error: 'Operator', cause: 'by hand' });
    await run.feed({ type: 'RedriveExecution' });
    expect(run.invocations().map((task) => task.resource)).toEqual(['Slow']);
    expect(run.entered()).toEqual(['First', 'Slow', 'Slow']);
  });
});

describe('RedriveExecution: Parallel and Map', () => {
  const parallel: StateMachineDefinition = {
    StartAt: 'Both',
    States: {
      Both: {
        Type: 'Parallel',
        Branches: [
          {
            StartAt: 'L1',
            States: {
              L1: { Type: 'Task', Resource: 'L1', Next: 'L2' },
              L2: { Type: 'Task', Resource: 'L2', End: true },
            },
          },
          { StartAt: 'R', States: { R: { Type: 'Task', Resource: 'R', End: true } } },
          { StartAt: 'Done', States: { Done: { Type: 'Pass', Result: 'done', End: true } } },
        ],
        End: true,
      },
    },
  };

  it('runs again only the branches that did not succeed, each from its unsuccessful state', async () => {
    const run = await new InterpreterDriver(parallel).start({});
    const [l1, r] = run.invocations();
    await run.succeed('l1', l1);
    const l2 = run.task();
    expect(l2.resource).toBe('L2');
    await run.fail('Broken', 'r failed', r);
    expect(run.status).toBe('FAILED');
    expect(run.cancelled()).toEqual([l2.taskId]);

    await run.feed({ type: 'RedriveExecution' });
    expect(run.invocations().map((task) => task.resource)).toEqual(['L2', 'R']);
    const [l2Again, rAgain] = run.invocations();
    await run.succeed('r', rAgain);
    await run.succeed('l2', l2Again);
    expect(run.status).toBe('SUCCEEDED');
    expect(run.output).toEqual(['l2', 'r', 'done']);
    expect(run.entered()).toEqual(['Both', 'L1', 'R', 'Done', 'L2', 'L2', 'R']);
  });

  it('finishes a branch that was between two states when a sibling failed', async () => {
    const definition: StateMachineDefinition = {
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'Quick', States: { Quick: { Type: 'Pass', Result: 'q', End: true } } },
            { StartAt: 'Boom', States: { Boom: { Type: 'Fail', Error: 'Boom' } } },
          ],
          End: true,
        },
      },
    };
    const run = await new InterpreterDriver(definition).start({});
    expect(run.status).toBe('FAILED');
    await run.feed({ type: 'RedriveExecution' });
    expect(run.status).toBe('FAILED');
    expect(run.entered()).toEqual(['Both', 'Quick', 'Boom', 'Boom']);
  });

  const map: StateMachineDefinition = {
    StartAt: 'Each',
    States: {
      Each: {
        Type: 'Map',
        ItemsPath: '$.items',
        ToleratedFailureCount: 1,
        ItemProcessor: { StartAt: 'Work', States: { Work: { Type: 'Task', Resource: 'Work', End: true } } },
        End: true,
      },
    },
  };

  it('runs again only the iterations that failed (tolerated ones too) or were aborted', async () => {
    const run = await new InterpreterDriver(map).start({ items: [0, 1, 2, 3] });
    const [first, second, third, fourth] = run.invocations();
    expect(run.invocations().map((task) => task.input)).toEqual([0, 1, 2, 3]);
    await run.succeed('ok0', first);
    await run.fail('Bad', 'tolerated', second);
    expect(run.status).toBe('RUNNING');
    await run.fail('Bad', 'one too many', third);
    expect(run.status).toBe('FAILED');
    expect(run.cancelled()).toEqual([fourth!.taskId]);

    await run.feed({ type: 'RedriveExecution' });
    expect(run.invocations().map((task) => task.input)).toEqual([2, 3, 1]);
    const started = run.events.filter((event) => event.type === 'MapIterationStarted').slice(4);
    expect(started.map((event) => (event.mapIterationStartedEventDetails as { index: number }).index)).toEqual([
      2, 3, 1,
    ]);
    for (const [index, task] of run.invocations().entries()) await run.succeed(`again${index}`, task);
    expect(run.status).toBe('SUCCEEDED');
    expect(run.output).toEqual(['ok0', 'again2', 'again0', 'again1']);
  });

  it('resumes a Parallel nested in a Map iteration at the failed branch only', async () => {
    const nested: StateMachineDefinition = {
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          ItemProcessor: {
            StartAt: 'Pair',
            States: {
              Pair: {
                Type: 'Parallel',
                Branches: [
                  { StartAt: 'A', States: { A: { Type: 'Task', Resource: 'A', End: true } } },
                  { StartAt: 'B', States: { B: { Type: 'Task', Resource: 'B', End: true } } },
                ],
                End: true,
              },
            },
          },
          End: true,
        },
      },
    };
    const run = await new InterpreterDriver(nested).start([0, 1]);
    const [a0, b0, a1, b1] = run.invocations();
    await run.succeed('a0', a0);
    await run.succeed('b0', b0);
    await run.succeed('a1', a1);
    await run.fail('Broken', '', b1);
    expect(run.status).toBe('FAILED');
    await run.feed({ type: 'RedriveExecution' });
    expect(run.invocations().map((task) => [task.resource, task.input])).toEqual([['B', 1]]);
    await run.succeed('b1');
    expect(run.output).toEqual([
      ['a0', 'b0'],
      ['a1', 'b1'],
    ]);
  });

  it('keeps only small resume data: a SUCCEEDED snapshot has no scopes', async () => {
    const run = await new InterpreterDriver(map).start({ items: [0] });
    await run.succeed('x');
    expect(run.snapshot?.scopes).toEqual({});
  });
});
