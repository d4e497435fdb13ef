import { afterEach, describe, expect, it } from 'vitest';
import type { StateMachineDefinition } from '../../src/core/definition/asl-types.js';
import { UnwindError } from '../../src/core/unwind-error.js';
import type { TaskContext } from '../../src/engine/task-handler.js';
import { createEngineFixture, eventTypes, type EngineFixture } from '../helpers/engine-fixture.js';

let fixture: EngineFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

/** A handler that parks until the engine aborts it; counts both. */
class Parked {
  started = 0;
  aborted = 0;
  private waiters: (() => void)[] = [];

  readonly handler = (_input: unknown, ctx: TaskContext): Promise<never> =>
    new Promise<never>((_resolve, reject) => {
      this.started += 1;
      for (const wake of this.waiters.splice(0)) wake();
      ctx.signal.addEventListener('abort', () => {
        this.aborted += 1;
        reject(new Error('aborted'));
      });
    });

  async until(count: number): Promise<void> {
    while (this.started < count) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }
}

async function errorOf(promise: Promise<unknown>): Promise<UnwindError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UnwindError);
  return error as UnwindError;
}

const guarded: StateMachineDefinition = {
  TimeoutSeconds: 3600,
  StartAt: 'Both',
  States: {
    Both: {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'Left', States: { Left: { Type: 'Task', Resource: 'Park', TimeoutSeconds: 600, End: true } } },
        { StartAt: 'Right', States: { Right: { Type: 'Task', Resource: 'Park', End: true } } },
      ],
      End: true,
    },
  },
};

describe('StopExecution', () => {
  it('ends ABORTED with error and cause, aborts in-flight handlers and deletes the work', async () => {
    const parked = new Parked();
    fixture = await createEngineFixture({ Park: parked.handler });
    const arn = await fixture.start(guarded, {});
    await parked.until(2);
    expect((await fixture.store.listWork(arn)).map((item) => item.kind).sort()).toEqual([
      'execution-timeout',
      'task',
      'task',
      'task-timeout',
    ]);

    const { stopDate } = await fixture.engine.stopExecution(arn, 'Operator', 'stuck for hours');
    expect(parked.aborted).toBe(2);
    expect(stopDate).toBe(fixture.clock.now());
    const record = (await fixture.store.getExecution(arn))!;
    expect(record).toMatchObject({ status: 'ABORTED', error: 'Operator', cause: 'stuck for hours', stopDate });
    expect(await fixture.store.listWork(arn)).toEqual([]);
    const events = await fixture.store.getHistory(arn);
    expect(events.at(-1)).toMatchObject({
      type: 'ExecutionAborted',
      executionAbortedEventDetails: { error: 'Operator', cause: 'stuck for hours' },
    });
    await fixture.engine.drain();
    expect(await fixture.store.getHistory(arn)).toHaveLength(events.length);
  });

  it('rejects the task tokens of a stopped execution with TaskTimedOut', async () => {
    const tokens: string[] = [];
    fixture = await createEngineFixture({ 'sns:publish': (input: { token: string }) => tokens.push(input.token) });
    const callback: StateMachineDefinition = {
      StartAt: 'Approve',
      States: {
        Approve: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sns:publish.waitForTaskToken',
          Parameters: { 'token.$': '$$.Task.Token' },
          End: true,
        },
      },
    };
    const arn = await fixture.start(callback, {});
    await fixture.engine.drain();
    expect(tokens).toHaveLength(1);
    await fixture.engine.stopExecution(arn);
    expect((await errorOf(fixture.engine.sendTaskSuccess(tokens[0]!, {}))).code).toBe('TaskTimedOut');
    expect((await errorOf(fixture.engine.sendTaskHeartbeat(tokens[0]!))).code).toBe('TaskTimedOut');
    expect((await fixture.store.getExecution(arn))!.status).toBe('ABORTED');
  });

  it('is harmless twice and a no-op on an execution that already ended', async () => {
    const parked = new Parked();
    fixture = await createEngineFixture({ Park: parked.handler, Quick: () => 'done' });
    const arn = await fixture.start(guarded, {});
    await parked.until(2);
    const first = await fixture.engine.stopExecution(arn, 'First');
    fixture.clock.advance(5_000);
    const second = await fixture.engine.stopExecution(arn, 'Second');
    expect(second).toEqual(first);
    const events = await fixture.store.getHistory(arn);
    expect(eventTypes(events).filter((type) => type === 'ExecutionAborted')).toHaveLength(1);
    expect((await fixture.store.getExecution(arn))!.error).toBe('First');

    const quick: StateMachineDefinition = {
      StartAt: 'Quick',
      States: { Quick: { Type: 'Task', Resource: 'Quick', End: true } },
    };
    const done = await fixture.run(quick, {}, 'quick');
    fixture.clock.advance(5_000);
    const stopped = await fixture.engine.stopExecution(done.record.executionArn, 'Late');
    expect(stopped.stopDate).toBe(done.record.stopDate);
    const after = (await fixture.store.getExecution(done.record.executionArn))!;
    expect(after).toMatchObject({ status: 'SUCCEEDED', error: null, version: done.record.version });
    expect(await fixture.store.getHistory(done.record.executionArn)).toHaveLength(done.events.length);
  });

  it('refuses an unknown execution', async () => {
    fixture = await createEngineFixture({});
    const unknown = 'arn:aws:states:us-east-1:123456789012:execution:test-machine:nobody';
    expect((await errorOf(fixture.engine.stopExecution(unknown))).code).toBe('ExecutionDoesNotExist');
  });
});
