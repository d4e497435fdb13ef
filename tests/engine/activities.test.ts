import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StateMachineDefinition } from '../../src/core/definition/asl-types.js';
import { Engine } from '../../src/engine/engine.js';
import { definitionProblems } from '../../src/engine/load-definition.js';
import { openSqliteStore } from '../../src/sqlite/sqlite-store.js';
import type { Registry } from '../../src/store/registry-port.js';
import { createEngineFixture, eventTypes, type EngineFixture } from '../helpers/engine-fixture.js';

const ACTIVITY = 'arn:aws:states:us-east-1:123456789012:activity:charge-card';

let fixture: EngineFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

function charge(task: Record<string, unknown> = {}): StateMachineDefinition {
  return {
    StartAt: 'Charge',
    States: {
      Charge: {
        Type: 'Task',
        Resource: ACTIVITY,
        Parameters: { 'amount.$': '$.amount' },
        ResultPath: '$.receipt',
        Catch: [{ ErrorEquals: ['CardDeclined'], ResultPath: '$.declined', Next: 'Declined' }],
        End: true,
        ...task,
      },
      Declined: { Type: 'Pass', End: true },
    },
  };
}

async function withActivity(name = 'charge-card'): Promise<{ f: EngineFixture; registry: Registry }> {
  fixture = await createEngineFixture({});
  const registry = fixture.store.registry!;
  await registry.createActivity({
    activityArn: `arn:aws:states:us-east-1:123456789012:activity:${name}`,
    name,
    creationDate: fixture.clock.now(),
  });
  return { f: fixture, registry };
}

/** Steps the manual clock until `promise` settles (bounded); returns how far the clock moved. */
async function stepUntilSettled(f: EngineFixture, promise: Promise<unknown>, stepMs = 250): Promise<number> {
  let settled = false;
  void promise.finally(() => (settled = true));
  const start = f.clock.now();
  for (let step = 0; step < 2_000 && !settled; step++) {
    await new Promise((resolve) => setImmediate(resolve));
    if (!settled) f.clock.advance(stepMs);
  }
  expect(settled).toBe(true);
  return f.clock.now() - start;
}

describe('activities through the engine', () => {
  it('a worker takes the task and succeeds: the execution continues with its output; history as AWS records it', async () => {
    const { f } = await withActivity();
    const arn = await f.start(charge({ TimeoutSeconds: 300, HeartbeatSeconds: 60 }), { amount: 42 });
    await f.engine.drain();
    expect((await f.store.getExecution(arn))!.status).toBe('RUNNING');

    const task = await f.engine.getActivityTask(ACTIVITY, 'worker-1', { waitMs: 0 });
    expect(task?.input).toEqual({ amount: 42 });
    await f.engine.sendTaskSuccess(task!.taskToken, { receiptId: 'r-1' });
    const { record, events } = await f.finish(arn);

    expect(record.status).toBe('SUCCEEDED');
    expect(JSON.parse(record.output!)).toEqual({ amount: 42, receipt: { receiptId: 'r-1' } });
    expect(eventTypes(events)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'ActivityScheduled',
      'ActivityStarted',
      'ActivitySucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(events[2]!.activityScheduledEventDetails).toEqual({
      resource: ACTIVITY,
      input: '{"amount":42}',
      inputDetails: { truncated: false },
      timeoutInSeconds: 300,
      heartbeatInSeconds: 60,
    });
    expect(events[3]!.activityStartedEventDetails).toEqual({ workerName: 'worker-1' });
    expect(events[3]!.previousEventId).toBe(3);
    expect(events[4]!.activitySucceededEventDetails).toEqual({
      output: '{"receiptId":"r-1"}',
      outputDetails: { truncated: false },
    });
    // Answered: the token no longer applies, and nothing is left queued.
    await expect(f.engine.sendTaskSuccess(task!.taskToken, {})).rejects.toMatchObject({ code: 'TaskTimedOut' });
    expect(await f.store.registry!.takeActivityTask(ACTIVITY, 'probe', f.clock.now())).toBeUndefined();
  });

  it('a worker fails the task: ActivityFailed, and Catch takes the error name', async () => {
    const { f } = await withActivity();
    const arn = await f.start(charge(), { amount: 9000 });
    await f.engine.drain();
    const task = await f.engine.getActivityTask(ACTIVITY, 'worker-1', { waitMs: 0 });
    await f.engine.sendTaskFailure(task!.taskToken, 'CardDeclined', 'limit exceeded');
    const { record, events } = await f.finish(arn);
    expect(record.status).toBe('SUCCEEDED');
    expect(JSON.parse(record.output!)).toEqual({
      amount: 9000,
      declined: { Error: 'CardDeclined', Cause: 'limit exceeded' },
    });
    const failed = events.find((event) => event.type === 'ActivityFailed');
    expect(failed?.activityFailedEventDetails).toEqual({ error: 'CardDeclined', cause: 'limit exceeded' });
  });

  it('no heartbeat within HeartbeatSeconds after the worker took it: ActivityTimedOut with States.HeartbeatTimeout', async () => {
    const { f } = await withActivity();
    const arn = await f.start(charge({ HeartbeatSeconds: 10 }), { amount: 1 });
    await f.engine.drain();
    // Not yet taken: the heartbeat clock has not started.
    f.clock.advance(60_000);
    await f.engine.drain();
    expect((await f.store.getExecution(arn))!.status).toBe('RUNNING');
    const task = await f.engine.getActivityTask(ACTIVITY, 'worker-1', { waitMs: 0 });
    f.clock.advance(8_000);
    await f.engine.sendTaskHeartbeat(task!.taskToken);
    f.clock.advance(8_000);
    await f.engine.drain();
    expect((await f.store.getExecution(arn))!.status).toBe('RUNNING');
    const { record, events } = await f.finish(arn);
    expect(record.status).toBe('FAILED');
    expect(record.error).toBe('States.HeartbeatTimeout');
    const timedOut = events.find((event) => event.type === 'ActivityTimedOut');
    expect(timedOut?.activityTimedOutEventDetails).toMatchObject({ error: 'States.HeartbeatTimeout' });
    await expect(f.engine.sendTaskSuccess(task!.taskToken, {})).rejects.toMatchObject({ code: 'TaskTimedOut' });
  });

  it('TimeoutSeconds while still queued: ActivityTimedOut with States.Timeout, and the queued task is removed', async () => {
    const { f, registry } = await withActivity();
    const arn = await f.start(charge({ TimeoutSeconds: 30 }), { amount: 1 });
    const { record, events } = await f.finish(arn);
    expect(record.error).toBe('States.Timeout');
    expect(eventTypes(events)).toContain('ActivityTimedOut');
    expect(eventTypes(events)).not.toContain('ActivityStarted');
    expect(await registry.takeActivityTask(ACTIVITY, 'probe', f.clock.now())).toBeUndefined();
  });

  it('an activity that does not exist: ActivityScheduleFailed and the execution fails with States.Runtime', async () => {
    const { f } = await withActivity();
    const missing = 'arn:aws:states:us-east-1:123456789012:activity:nobody';
    const { record, events } = await f.run(charge({ Resource: missing }), { amount: 1 });
    expect(record.status).toBe('FAILED');
    expect(record.error).toBe('States.Runtime');
    expect(record.cause).toBe(
      `An error occurred while executing the state 'Charge' (entered at the event id #2). The activity ${missing} does not exist.`,
    );
    expect(eventTypes(events)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'ActivityScheduled',
      'ActivityScheduleFailed',
      'ExecutionFailed',
    ]);
  });

  it('concurrent workers never get the same task', async () => {
    const { f } = await withActivity();
    const arns = await Promise.all([1, 2, 3, 4, 5].map((amount) => f.start(charge(), { amount })));
    await f.engine.drain();
    const polls = await Promise.all(
      Array.from({ length: 8 }, (_, i) => f.engine.getActivityTask(ACTIVITY, `worker-${i}`, { waitMs: 0 })),
    );
    const handed = polls.filter((task) => task !== undefined);
    expect(handed).toHaveLength(5);
    expect(new Set(handed.map((task) => task.taskToken)).size).toBe(5);
    expect(handed.map((task) => (task.input as { amount: number }).amount).sort()).toEqual([1, 2, 3, 4, 5]);
    for (const task of handed) await f.engine.sendTaskSuccess(task.taskToken, 'ok');
    for (const arn of arns) expect((await f.finish(arn)).record.status).toBe('SUCCEEDED');
  });

  it('a long poll wakes as soon as this engine queues a task, without waiting for time to pass', async () => {
    const { f } = await withActivity();
    const poll = f.engine.getActivityTask(ACTIVITY, 'worker-1', { waitMs: 60_000 });
    const before = f.clock.now();
    await f.start(charge(), { amount: 7 });
    const task = await poll;
    expect(task?.input).toEqual({ amount: 7 });
    expect(f.clock.now()).toBe(before);
  });

  it('a long poll returns undefined after waitMs, or at once when its signal aborts', async () => {
    const { f } = await withActivity();
    const poll = f.engine.getActivityTask(ACTIVITY, 'worker-1', { waitMs: 5_000 });
    const waited = await stepUntilSettled(f, poll);
    expect(await poll).toBeUndefined();
    expect(waited).toBeGreaterThanOrEqual(5_000);
    expect(waited).toBeLessThan(6_000);

    const controller = new AbortController();
    const aborted = f.engine.getActivityTask(ACTIVITY, 'worker-1', { waitMs: 60_000, signal: controller.signal });
    controller.abort();
    expect(await aborted).toBeUndefined();
  });

  it('a queued task survives an engine restart on the same SQLite file and is handed out by the new engine', async () => {
    const { f } = await withActivity();
    const arn = await f.start(charge(), { amount: 3 });
    await f.engine.drain();
    await f.engine.stop();
    await f.store.close();

    const store = openSqliteStore({ file: join(f.dir, 'unwind.db') });
    const restarted = new Engine({ store, clock: f.clock });
    await restarted.start();
    try {
      const task = await restarted.getActivityTask(ACTIVITY, 'worker-2', { waitMs: 0 });
      expect(task?.input).toEqual({ amount: 3 });
      await restarted.sendTaskSuccess(task!.taskToken, { receiptId: 'r-3' });
      const record = await restarted.waitForExecution(arn);
      expect(record.status).toBe('SUCCEEDED');
      expect(JSON.parse(record.output!)).toEqual({ amount: 3, receipt: { receiptId: 'r-3' } });
    } finally {
      await restarted.stop();
      await store.close();
      // The fixture's own engine and store are closed already: only its directory is left.
      fixture = { ...f, close: () => Promise.resolve(rmSync(f.dir, { recursive: true, force: true })) };
    }
  });

  it('stopping an execution removes its queued task', async () => {
    const { f, registry } = await withActivity();
    const stopped = await f.start(charge(), { amount: 1 }, 'stopped');
    const kept = await f.start(charge(), { amount: 2 }, 'kept');
    await f.engine.drain();
    await f.engine.stopExecution(stopped, 'Cancelled', 'by test');
    // Straight from the queue (no engine-side clean-up on take): only the other execution's task is there.
    const first = await registry.takeActivityTask(ACTIVITY, 'probe', f.clock.now());
    expect(first?.executionArn).toBe(kept);
    expect(await registry.takeActivityTask(ACTIVITY, 'probe', f.clock.now())).toBeUndefined();
  });

  it('a task queued for an execution that was stopped meanwhile is dropped, not handed out', async () => {
    const { f, registry } = await withActivity();
    const arn = await f.start(charge(), { amount: 1 });
    await f.engine.drain();
    const queued = (await registry.takeActivityTask(ACTIVITY, 'probe', f.clock.now()))!;
    await f.engine.stopExecution(arn);
    // As if the queueing had raced with the stop: the task is back in the queue.
    await registry.enqueueActivityTask({ ...queued, workerName: null, takenAt: null });
    expect(await f.engine.getActivityTask(ACTIVITY, 'worker-1', { waitMs: 0 })).toBeUndefined();
    expect(await registry.takeActivityTask(ACTIVITY, 'probe', f.clock.now())).toBeUndefined();
  });

  it('the definition check accepts activity ARNs without a local handler', () => {
    expect(definitionProblems(JSON.stringify(charge()), {})).toEqual([]);
  });
});
