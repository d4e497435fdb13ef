import { afterEach, expect, it } from 'vitest';
import type { StateMachineDefinition } from '../../src/core/definition/asl-types.js';
import { ManualClock } from '../../src/engine/clock.js';
import { Engine } from '../../src/engine/engine.js';
import { describePostgres, TestSchema } from '../postgres/postgres-test-database.js';

const ACTIVITY = 'arn:aws:states:us-east-1:123456789012:activity:ship-parcel';

const ship: StateMachineDefinition = {
  StartAt: 'Ship',
  States: { Ship: { Type: 'Task', Resource: ACTIVITY, End: true } },
};

let schema: TestSchema | undefined;
const engines: Engine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.stop();
  await schema?.cleanup();
  schema = undefined;
});

describePostgres('activities across engines on one PostgreSQL schema', () => {
  it('a worker long-polling engine B gets a task queued by engine A (B re-checks the store)', async () => {
    schema = new TestSchema();
    const clock = new ManualClock();
    const [storeA, storeB] = [await schema.open(), await schema.open()];
    await storeA.migrate();
    await storeA.registry.createActivity({ activityArn: ACTIVITY, name: 'ship-parcel', creationDate: clock.now() });
    const a = new Engine({ store: storeA, clock, engineId: 'engine-a', pollIntervalMs: 500 });
    const b = new Engine({ store: storeB, clock, engineId: 'engine-b', pollIntervalMs: 500 });
    engines.push(a, b);
    await a.start();
    await b.start();

    const poll = b.getActivityTask(ACTIVITY, 'worker-on-b', { waitMs: 60_000 });
    const arn = await a.startExecution({
      definition: ship,
      definitionText: JSON.stringify(ship),
      stateMachineName: 'shipping',
      input: { parcel: 'p-1' },
    });
    await a.drain();
    // B was not woken (A queued the task): only its periodic re-check finds it. Step the clock until it has.
    let settled = false;
    void poll.finally(() => (settled = true));
    for (let step = 0; step < 200 && !settled; step++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (!settled) clock.advance(500);
    }
    const task = await poll;
    expect(task?.input).toEqual({ parcel: 'p-1' });

    await b.sendTaskSuccess(task!.taskToken, { shipped: true });
    const record = await a.waitForExecution(arn);
    expect(record.status).toBe('SUCCEEDED');
    const history = await storeA.getHistory(arn);
    const started = history.find((event) => event.type === 'ActivityStarted');
    expect(started?.activityStartedEventDetails).toEqual({ workerName: 'worker-on-b' });
  });
});
