import { describe, expect, it } from 'vitest';

import type { ActivityTaskRecord, Registry } from '../src/store/registry-port.js';
import type { RegistryContractContext } from './registry-contract-context.js';
import {
  activityArnOf,
  activityRecord,
  activityTask,
  executionArnOf,
  namesInByteOrder,
  unsortedNames,
} from './registry-contract-fixtures.js';

/** Activities and their task queue. */
export function activityContract(t: RegistryContractContext): void {
  const arn = activityArnOf('charge-card');

  describe('activities', () => {
    it('creates once; a second create returns the existing record and changes nothing', async () => {
      const record = activityRecord('charge-card', 1_000);
      expect(await t.registry.createActivity(record)).toEqual({ created: true, record });
      expect(await t.registry.createActivity(activityRecord('charge-card', 5_000))).toEqual({ created: false, record });
      expect(await t.registry.getActivity(arn)).toEqual(record);
      expect(await t.registry.getActivity(activityArnOf('missing'))).toBeUndefined();
    });

    it('deletes an activity with its queued tasks and tags, and only those', async () => {
      const kept = activityArnOf('kept');
      await t.registry.createActivity(activityRecord('charge-card'));
      await t.registry.createActivity(activityRecord('kept'));
      await t.registry.enqueueActivityTask(activityTask('t-gone'));
      await t.registry.enqueueActivityTask(activityTask('t-kept', { activity: 'kept' }));
      await t.registry.tagResource(arn, [{ key: 'team', value: 'payments' }]);
      await t.registry.tagResource(kept, [{ key: 'team', value: 'payments' }]);

      expect(await t.registry.deleteActivity(arn)).toBe(true);
      expect(await t.registry.getActivity(arn)).toBeUndefined();
      expect(await t.registry.listTags(arn)).toEqual([]);
      expect(await t.registry.deleteActivityTask('t-gone')).toBe(false);
      expect(await t.registry.deleteActivity(arn)).toBe(false);

      expect(await t.registry.getActivity(kept)).toEqual(activityRecord('kept'));
      expect(await t.registry.listTags(kept)).toEqual([{ key: 'team', value: 'payments' }]);
      expect((await t.registry.takeActivityTask(kept, 'w', 5))?.taskToken).toBe('t-kept');
    });

    it('lists by name in byte order, limit + 1 rows when more exist', async () => {
      expect(await t.registry.listActivities({ limit: 3 })).toEqual([]);
      for (const name of unsortedNames) await t.registry.createActivity(activityRecord(name));
      const names = async (limit: number, after?: string): Promise<string[]> =>
        (await t.registry.listActivities({ limit, ...(after === undefined ? {} : { after }) })).map((a) => a.name);

      expect(await t.registry.listActivities({ limit: 10 })).toEqual(namesInByteOrder.map((n) => activityRecord(n)));
      expect(await names(2)).toEqual(['Bravo', 'alpha', 'charlie']);
      expect(await names(2, 'alpha')).toEqual(['charlie', 'delta', 'echo']);
      expect(await names(2, 'charlie')).toEqual(['delta', 'echo']);
      expect(await names(2, 'echo')).toEqual([]);
    });
  });

  describe('activity tasks', () => {
    const take = (registry: Registry, worker = 'worker-1', now = 50_000): Promise<ActivityTaskRecord | undefined> =>
      registry.takeActivityTask(arn, worker, now);

    it('hands out the oldest untaken task first and marks it taken', async () => {
      await t.registry.enqueueActivityTask(activityTask('t-30', { createdAt: 30 }));
      await t.registry.enqueueActivityTask(activityTask('t-10', { createdAt: 10 }));
      await t.registry.enqueueActivityTask(activityTask('t-20', { createdAt: 20 }));
      await t.registry.enqueueActivityTask(activityTask('t-other', { activity: 'other', createdAt: 1 }));

      expect(await take(t.registry, 'worker-a', 100)).toEqual({
        ...activityTask('t-10', { createdAt: 10 }),
        workerName: 'worker-a',
        takenAt: 100,
      });
      expect((await take(t.registry))?.taskToken).toBe('t-20');
      expect((await take(t.registry))?.taskToken).toBe('t-30');
      expect(await take(t.registry)).toBeUndefined();
      expect((await t.registry.takeActivityTask(activityArnOf('other'), 'w', 1))?.taskToken).toBe('t-other');
    });

    it('breaks ties of createdAt by task token', async () => {
      for (const token of ['t-b', 't-c', 't-a']) await t.registry.enqueueActivityTask(activityTask(token));
      const order = [await take(t.registry), await take(t.registry), await take(t.registry)];
      expect(order.map((task) => task?.taskToken)).toEqual(['t-a', 't-b', 't-c']);
    });

    it('enqueues a task token once', async () => {
      await t.registry.enqueueActivityTask(activityTask('t-1', { input: '{"first":true}' }));
      await t.registry.enqueueActivityTask(activityTask('t-1', { input: '{"second":true}' }));
      expect(await take(t.registry)).toMatchObject({ taskToken: 't-1', input: '{"first":true}' });
      await t.registry.enqueueActivityTask(activityTask('t-1'));
      expect(await take(t.registry)).toBeUndefined();
    });

    it('never hands one task to two concurrent takers, across connections', async () => {
      const tokens = Array.from({ length: 20 }, (_, i) => `t-${String(i).padStart(2, '0')}`);
      for (const [i, token] of tokens.entries())
        await t.registry.enqueueActivityTask(activityTask(token, { createdAt: i }));
      const peer = await t.openPeer();
      const takers = [t.registry, peer];
      const taken = await Promise.all(Array.from({ length: 30 }, (_, i) => take(takers[i % 2]!, `worker-${i}`)));
      const handed = taken.flatMap((task) => (task === undefined ? [] : [task.taskToken]));
      expect(handed).toHaveLength(20);
      expect([...handed].sort()).toEqual(tokens);
      expect(await take(peer)).toBeUndefined();
    });

    it('deletes a task by token, taken or not', async () => {
      await t.registry.enqueueActivityTask(activityTask('t-1', { createdAt: 1 }));
      await t.registry.enqueueActivityTask(activityTask('t-2', { createdAt: 2 }));
      await t.registry.enqueueActivityTask(activityTask('t-3', { createdAt: 3 }));
      expect((await take(t.registry))?.taskToken).toBe('t-1');
      expect(await t.registry.deleteActivityTask('t-1')).toBe(true);
      expect(await t.registry.deleteActivityTask('t-2')).toBe(true);
      expect(await t.registry.deleteActivityTask('t-2')).toBe(false);
      expect((await take(t.registry))?.taskToken).toBe('t-3');
    });

    it('deletes every task of an execution and counts them', async () => {
      await t.registry.enqueueActivityTask(activityTask('t-1', { execution: 'trip-1', createdAt: 1 }));
      await t.registry.enqueueActivityTask(activityTask('t-2', { execution: 'trip-1', activity: 'other' }));
      await t.registry.enqueueActivityTask(activityTask('t-3', { execution: 'trip-2', createdAt: 3 }));
      await t.registry.enqueueActivityTask(activityTask('t-4', { execution: 'trip-1', createdAt: 4 }));
      expect((await take(t.registry))?.taskToken).toBe('t-1');

      expect(await t.registry.deleteActivityTasksOfExecution(executionArnOf('trip-1'))).toBe(3);
      expect(await t.registry.deleteActivityTasksOfExecution(executionArnOf('trip-1'))).toBe(0);
      expect(await t.registry.deleteActivityTask('t-1')).toBe(false);
      expect((await take(t.registry))?.taskToken).toBe('t-3');
      expect(await take(t.registry)).toBeUndefined();
    });
  });
}
