import { afterEach, describe, expect, it } from 'vitest';
import type { StateMachineDefinition } from '../../src/core/definition/asl-types.js';
import { ApiError } from '../../src/server/api-error.js';
import type { ServerContext } from '../../src/server/operation.js';
import { createActivity } from '../../src/server/operations/create-activity.js';
import { deleteActivity } from '../../src/server/operations/delete-activity.js';
import { describeActivity } from '../../src/server/operations/describe-activity.js';
import { getActivityTask } from '../../src/server/operations/get-activity-task.js';
import { listActivities } from '../../src/server/operations/list-activities.js';
import { createEngineFixture, type EngineFixture } from '../helpers/engine-fixture.js';

let fixture: EngineFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

async function serverContext(): Promise<{ f: EngineFixture; context: ServerContext }> {
  fixture = await createEngineFixture({});
  const f = fixture;
  const context: ServerContext = {
    engine: f.engine,
    store: f.store,
    registry: f.store.registry!,
    region: 'eu-west-1',
    account: '111122223333',
    now: () => f.clock.now(),
  };
  return { f, context };
}

async function apiError(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('activity operations', () => {
  it('CreateActivity is idempotent on the name, tags the new activity, and DescribeActivity reads it', async () => {
    const { f, context } = await serverContext();
    const created = (await createActivity.run({ name: 'pack', tags: [{ key: 'team', value: 'ops' }] }, context)) as {
      activityArn: string;
      creationDate: number;
    };
    expect(created).toEqual({
      activityArn: 'arn:aws:states:eu-west-1:111122223333:activity:pack',
      creationDate: f.clock.now() / 1000,
    });
    f.clock.advance(5_000);
    const again = await createActivity.run({ name: 'pack', tags: [{ key: 'team', value: 'other' }] }, context);
    expect(again).toEqual(created);
    expect(await context.registry.listTags(created.activityArn)).toEqual([{ key: 'team', value: 'ops' }]);
    expect(await describeActivity.run({ activityArn: created.activityArn }, context)).toEqual({
      ...created,
      name: 'pack',
    });
    expect((await apiError(createActivity.run({ name: 'bad name' }, context))).type).toBe('InvalidName');
  });

  it('DescribeActivity and GetActivityTask answer ActivityDoesNotExist; a malformed ARN is InvalidArn', async () => {
    const { context } = await serverContext();
    const missing = 'arn:aws:states:eu-west-1:111122223333:activity:none';
    expect((await apiError(describeActivity.run({ activityArn: missing }, context))).type).toBe('ActivityDoesNotExist');
    expect((await apiError(getActivityTask.run({ activityArn: missing }, context))).type).toBe('ActivityDoesNotExist');
    const stateMachine = 'arn:aws:states:eu-west-1:111122223333:stateMachine:x';
    expect((await apiError(describeActivity.run({ activityArn: stateMachine }, context))).type).toBe('InvalidArn');
    expect((await apiError(describeActivity.run({}, context))).type).toBe('ValidationException');
  });

  it('DeleteActivity removes it (and succeeds again when it is gone)', async () => {
    const { context } = await serverContext();
    const { activityArn } = (await createActivity.run({ name: 'gone' }, context)) as { activityArn: string };
    expect(await deleteActivity.run({ activityArn }, context)).toEqual({});
    expect(await deleteActivity.run({ activityArn }, context)).toEqual({});
    expect((await apiError(describeActivity.run({ activityArn }, context))).type).toBe('ActivityDoesNotExist');
  });

  it('ListActivities pages by name with maxResults and nextToken', async () => {
    const { context } = await serverContext();
    for (const name of ['c', 'a', 'e', 'b', 'd']) await createActivity.run({ name }, context);
    const names: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = (await listActivities.run({ maxResults: 2, ...(nextToken ? { nextToken } : {}) }, context)) as {
        activities: { name: string; activityArn: string }[];
        nextToken?: string;
      };
      expect(page.activities.length).toBeLessThanOrEqual(2);
      names.push(...page.activities.map((activity) => activity.name));
      nextToken = page.nextToken;
      pages++;
    } while (nextToken && pages < 10);
    expect(names).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(pages).toBe(3);
    expect((await apiError(listActivities.run({ nextToken: 'forged.token' }, context))).type).toBe('InvalidToken');
  });

  it('GetActivityTask hands out the queued task as JSON text; the worker answers through the engine', async () => {
    const { f, context } = await serverContext();
    const { activityArn } = (await createActivity.run({ name: 'pack' }, context)) as { activityArn: string };
    const definition: StateMachineDefinition = {
      StartAt: 'Pack',
      States: { Pack: { Type: 'Task', Resource: activityArn, End: true } },
    };
    const arn = await f.start(definition, { order: 17 });
    await f.engine.drain();
    const task = (await getActivityTask.run({ activityArn, workerName: 'packer' }, context)) as {
      taskToken: string;
      input: string;
    };
    expect(JSON.parse(task.input)).toEqual({ order: 17 });
    await f.engine.sendTaskSuccess(task.taskToken, { packed: true });
    const { record, events } = await f.finish(arn);
    expect(JSON.parse(record.output!)).toEqual({ packed: true });
    const started = events.find((event) => event.type === 'ActivityStarted');
    expect(started?.activityStartedEventDetails).toEqual({ workerName: 'packer' });
  });

  it('GetActivityTask answers {} when no task came within the long poll', async () => {
    const { f, context } = await serverContext();
    const { activityArn } = (await createActivity.run({ name: 'idle' }, context)) as { activityArn: string };
    const poll = getActivityTask.run({ activityArn, workerName: 'w' }, context);
    let settled = false;
    void poll.finally(() => (settled = true));
    const start = f.clock.now();
    for (let step = 0; step < 1_000 && !settled; step++) {
      await new Promise((resolve) => setImmediate(resolve));
      if (!settled) f.clock.advance(1_000);
    }
    expect(await poll).toEqual({});
    expect(f.clock.now() - start).toBeGreaterThanOrEqual(60_000);
  });
});
