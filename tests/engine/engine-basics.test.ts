import { afterEach, describe, expect, it } from 'vitest';
import type { StateMachineDefinition } from '../../src/core/definition/asl-types.js';
import { postgresReachable } from '../postgres/postgres-test-database.js';
import {
  createEngineFixture as createFixture,
  enteredStates,
  eventTypes,
  type EngineFixture,
  type StoreKind,
} from '../helpers/engine-fixture.js';

let fixture: EngineFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

const twoTasks: StateMachineDefinition = {
  StartAt: 'Add',
  States: {
    Add: { Type: 'Task', Resource: 'Add', ResultPath: '$.sum', Next: 'Double' },
    Double: {
      Type: 'Task',
      Resource: 'arn:aws:lambda:us-east-1:123456789012:function:Double',
      InputPath: '$.sum',
      End: true,
    },
  },
};

const kinds: StoreKind[] = postgresReachable ? ['sqlite', 'postgres'] : ['sqlite'];

describe.each(kinds)('engine basics on %s', (kind) => {
  const createEngineFixture: typeof createFixture = (handlers, options) => createFixture(handlers, options, kind);

  it('runs tasks in order and records the Step Functions history', async () => {
    fixture = await createEngineFixture({
      Add: (input: { a: number; b: number }) => input.a + input.b,
      Double: (n: number) => n * 2,
    });
    const { record, events, output } = await fixture.run(twoTasks, { a: 2, b: 3 });
    expect(record.status).toBe('SUCCEEDED');
    expect(output).toBe(10);
    expect(eventTypes(events)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    const exited = events[5]!.stateExitedEventDetails as { output: string };
    expect(JSON.parse(exited.output)).toEqual({ a: 2, b: 3, sum: 5 });
  });

  it('turns a named error into its ASL name, retries it with back-off, then catches it', async () => {
    class PaymentDeclined extends Error {
      override name = 'PaymentDeclined';
    }
    let calls = 0;
    fixture = await createEngineFixture({
      Pay: () => {
        calls += 1;
        throw new PaymentDeclined('card refused');
      },
      Refund: () => 'refunded',
    });
    const definition: StateMachineDefinition = {
      StartAt: 'Pay',
      States: {
        Pay: {
          Type: 'Task',
          Resource: 'Pay',
          Retry: [{ ErrorEquals: ['PaymentDeclined'], MaxAttempts: 2, IntervalSeconds: 1 }],
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Refund' }],
          Next: 'Done',
        },
        Refund: { Type: 'Task', Resource: 'Refund', ResultPath: '$.refund', End: true },
        Done: { Type: 'Succeed' },
      },
    };
    const { record, output, events } = await fixture.run(definition, { order: 7 });
    expect(calls).toBe(3);
    expect(record.status).toBe('SUCCEEDED');
    expect(output).toEqual({
      order: 7,
      error: { Error: 'PaymentDeclined', Cause: 'card refused' },
      refund: 'refunded',
    });
    expect(enteredStates(events)).toEqual(['Pay', 'Refund']);
    expect(eventTypes(events).filter((t) => t === 'TaskFailed')).toHaveLength(3);
  });

  it('fails the execution with the error of an uncaught task failure', async () => {
    fixture = await createEngineFixture({
      Boom: () => {
        throw new Error('plain failure');
      },
    });
    const { record } = await fixture.run({
      StartAt: 'B',
      States: { B: { Type: 'Task', Resource: 'Boom', End: true } },
    });
    expect(record.status).toBe('FAILED');
    expect(record.error).toBe('States.TaskFailed');
    expect(record.cause).toBe('plain failure');
  });

  it('parks a Wait of a day in the database and resumes it when the clock gets there', async () => {
    fixture = await createEngineFixture({});
    const arn = await fixture.start({
      StartAt: 'Sleep',
      States: {
        Sleep: { Type: 'Wait', Seconds: 86_400, Next: 'After' },
        After: { Type: 'Pass', Result: 'woke', End: true },
      },
    });
    await fixture.engine.drain();
    expect((await fixture.store.getExecution(arn))!.status).toBe('RUNNING');
    const work = await fixture.store.listWork(arn);
    expect(work).toHaveLength(1);
    expect(work[0]!.dueAt - fixture.clock.now()).toBe(86_400_000);
    fixture.clock.advance(86_400_000);
    const { output } = await fixture.finish(arn);
    expect(output).toBe('woke');
  });

  it('runs Parallel branches and Map iterations and collects their results in order', async () => {
    fixture = await createEngineFixture({ Square: (n: number) => n * n, Neg: (n: number) => -n });
    const { output, record } = await fixture.run(
      {
        StartAt: 'Fan',
        States: {
          Fan: {
            Type: 'Parallel',
            Branches: [
              {
                StartAt: 'Squares',
                States: {
                  Squares: {
                    Type: 'Map',
                    ItemsPath: '$.items',
                    MaxConcurrency: 2,
                    ItemProcessor: { StartAt: 'Sq', States: { Sq: { Type: 'Task', Resource: 'Square', End: true } } },
                    End: true,
                  },
                },
              },
              {
                StartAt: 'First',
                States: { First: { Type: 'Task', Resource: 'Neg', InputPath: '$.items[0]', End: true } },
              },
            ],
            End: true,
          },
        },
      },
      { items: [1, 2, 3, 4] },
    );
    expect(record.status).toBe('SUCCEEDED');
    expect(output).toEqual([[1, 4, 9, 16], -1]);
  });

  it('times a task out with States.Timeout', async () => {
    let invoked!: () => void;
    const started = new Promise<void>((resolve) => (invoked = resolve));
    let aborted = false;
    fixture = await createEngineFixture({
      Slow: (_: unknown, ctx) =>
        new Promise((resolve) => {
          invoked();
          ctx.signal.addEventListener('abort', () => {
            aborted = true;
            resolve('too late');
          });
        }),
    });
    const arn = await fixture.start({
      StartAt: 'S',
      States: { S: { Type: 'Task', Resource: 'Slow', TimeoutSeconds: 5, End: true } },
    });
    await started;
    fixture.clock.advance(5000);
    const { record, events } = await fixture.finish(arn);
    expect(aborted).toBe(true);
    expect(record.status).toBe('FAILED');
    expect(record.error).toBe('States.Timeout');
    expect(eventTypes(events)).toContain('TaskTimedOut');
  });
});
