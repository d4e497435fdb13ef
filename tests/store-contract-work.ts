import { expect, describe, it } from 'vitest';
import type { WorkItem, WorkKind } from '../src/store/store-port.js';
import type { StoreContractContext } from './store-contract-context.js';
import { createCommit, executionArnOf, updateCommit, workItem } from './store-contract-fixtures.js';

/** Work items, leases and engine records of the store contract. */
export function workAndEngineContract(t: StoreContractContext): void {
  describe('work', () => {
    async function seedWork(items: WorkItem[]): Promise<void> {
      expect(await t.store.commitTransitions([createCommit('trip-1', { insertWork: items })])).toEqual(['ok']);
    }
    const arn = executionArnOf('trip-1');

    it('claims due items earliest first and sets the lease', async () => {
      await seedWork([workItem('w300', arn, 300), workItem('w100', arn, 100), workItem('w200', arn, 200)]);
      const claimed = await t.store.claimWork({ owner: 'A', now: 200, limit: 10, leaseUntil: 5000 });
      expect(claimed).toEqual([
        { ...workItem('w100', arn, 100), owner: 'A', leaseUntil: 5000 },
        { ...workItem('w200', arn, 200), owner: 'A', leaseUntil: 5000 },
      ]);
      const stored = await t.store.listWork(arn);
      expect(stored.map((w) => [w.id, w.owner, w.leaseUntil])).toEqual([
        ['w100', 'A', 5000],
        ['w200', 'A', 5000],
        ['w300', null, null],
      ]);
      expect(await t.store.claimWork({ owner: 'B', now: 299, limit: 10, leaseUntil: 5000 })).toEqual([]);
    });

    it('honours limit and kinds', async () => {
      await seedWork([
        workItem('t1', arn, 1, { kind: 'task' }),
        workItem('r1', arn, 2, { kind: 'timer' }),
        workItem('t2', arn, 3, { kind: 'task' }),
        workItem('x1', arn, 4, { kind: 'execution-timeout' }),
      ]);
      const ids = (items: WorkItem[]): string[] => items.map((w) => w.id);
      expect(ids(await t.store.claimWork({ owner: 'A', now: 10, limit: 1, leaseUntil: 50 }))).toEqual(['t1']);
      const timers = await t.store.claimWork({ owner: 'A', now: 10, limit: 5, leaseUntil: 50, kinds: ['timer'] });
      expect(ids(timers)).toEqual(['r1']);
      const kinds: WorkKind[] = ['task', 'execution-timeout'];
      expect(ids(await t.store.claimWork({ owner: 'A', now: 10, limit: 5, leaseUntil: 50, kinds }))).toEqual([
        't2',
        'x1',
      ]);
      expect(await t.store.claimWork({ owner: 'A', now: 10, limit: 5, leaseUntil: 50, kinds: [] })).toEqual([]);
      expect(await t.store.claimWork({ owner: 'A', now: 10, limit: 0, leaseUntil: 50 })).toEqual([]);
    });

    it('never gives the same item to two claimers', async () => {
      await seedWork(Array.from({ length: 7 }, (_, i) => workItem(`w${i}`, arn, i)));
      const request = { now: 100, limit: 4, leaseUntil: 1000 };
      const [a, b] = await Promise.all([
        t.store.claimWork({ ...request, owner: 'A' }),
        t.store.claimWork({ ...request, owner: 'B' }),
      ]);
      const aIds = a.map((w) => w.id);
      const bIds = b.map((w) => w.id);
      expect(aIds.filter((id) => bIds.includes(id))).toEqual([]);
      expect([...aIds, ...bIds].sort()).toEqual(['w0', 'w1', 'w2', 'w3', 'w4', 'w5', 'w6']);
      expect(await t.store.claimWork({ ...request, owner: 'C' })).toEqual([]);
    });

    it('respects leases given at insert, and lets another owner claim after expiry', async () => {
      await seedWork([{ ...workItem('w1', arn, 10), owner: 'A', leaseUntil: 1000 }]);
      expect(await t.store.claimWork({ owner: 'B', now: 500, limit: 5, leaseUntil: 2000 })).toEqual([]);
      expect(await t.store.claimWork({ owner: 'B', now: 1000, limit: 5, leaseUntil: 2000 })).toEqual([]);
      const taken = await t.store.claimWork({ owner: 'B', now: 1001, limit: 5, leaseUntil: 2000 });
      expect(taken.map((w) => [w.id, w.owner, w.leaseUntil])).toEqual([['w1', 'B', 2000]]);
      expect(await t.store.renewLeases('A', ['w1'], 3000)).toEqual([]);
    });

    it('renews only the leases still held by the owner', async () => {
      await seedWork([workItem('w1', arn, 1), workItem('w2', arn, 2), workItem('w3', arn, 3)]);
      await t.store.claimWork({ owner: 'A', now: 10, limit: 2, leaseUntil: 100 });
      await t.store.claimWork({ owner: 'B', now: 101, limit: 1, leaseUntil: 200 });
      expect(await t.store.renewLeases('A', ['w1', 'w2', 'w3', 'missing'], 400)).toEqual(['w2']);
      const leases = (await t.store.listWork(arn)).map((w) => [w.id, w.owner, w.leaseUntil]);
      expect(leases).toEqual([
        ['w1', 'B', 200],
        ['w2', 'A', 400],
        ['w3', null, null],
      ]);
      expect(await t.store.renewLeases('A', [], 500)).toEqual([]);
    });

    it('releases every lease of the given owners', async () => {
      await seedWork([workItem('w1', arn, 1), workItem('w2', arn, 2), workItem('w3', arn, 3)]);
      await t.store.claimWork({ owner: 'A', now: 10, limit: 2, leaseUntil: 100 });
      await t.store.claimWork({ owner: 'B', now: 10, limit: 1, leaseUntil: 100 });
      expect(await t.store.releaseLeases(['A', 'gone'])).toBe(2);
      expect(await t.store.releaseLeases([])).toBe(0);
      const taken = await t.store.claimWork({ owner: 'C', now: 10, limit: 5, leaseUntil: 100 });
      expect(taken.map((w) => w.id)).toEqual(['w1', 'w2']);
      expect(await t.store.renewLeases('A', ['w1', 'w2'], 200)).toEqual([]);
      expect(await t.store.renewLeases('B', ['w3'], 200)).toEqual(['w3']);
    });

    it('deletes consumed work through a commit, ignoring missing ids', async () => {
      await seedWork([workItem('w1', arn, 1), workItem('w2', arn, 2)]);
      const consume = updateCommit(arn, 1, { deleteWorkIds: ['w1', 'missing'] });
      expect(await t.store.commitTransitions([consume])).toEqual(['ok']);
      expect((await t.store.listWork(arn)).map((w) => w.id)).toEqual(['w2']);
    });

    it('computes the next due time over unleased or expired items only', async () => {
      expect(await t.store.nextDueAt(0)).toBeUndefined();
      await seedWork([{ ...workItem('w500', arn, 500), owner: 'A', leaseUntil: 10_000 }, workItem('w700', arn, 700)]);
      expect(await t.store.nextDueAt(100)).toBe(700);
      expect(await t.store.nextDueAt(10_000)).toBe(700);
      expect(await t.store.nextDueAt(10_001)).toBe(500);
      await t.store.claimWork({ owner: 'B', now: 800, limit: 5, leaseUntil: 20_000 });
      expect(await t.store.nextDueAt(900)).toBeUndefined();
    });

    it('counts the items due and not leased (the queue depth)', async () => {
      expect(await t.store.countDueWork(1_000)).toBe(0);
      const leased = { ...workItem('w-leased', arn, 100), owner: 'A', leaseUntil: 5_000 };
      await seedWork([workItem('w100', arn, 100), workItem('w200', arn, 200), workItem('w900', arn, 900), leased]);
      expect(await t.store.countDueWork(50)).toBe(0);
      expect(await t.store.countDueWork(200)).toBe(2);
      expect(await t.store.countDueWork(1_000)).toBe(3);
      expect(await t.store.countDueWork(5_001)).toBe(4);
      await t.store.claimWork({ owner: 'B', now: 1_000, limit: 1, leaseUntil: 20_000 });
      expect(await t.store.countDueWork(1_000)).toBe(2);
    });
  });

  describe('settings', () => {
    it('stores the first initial value and returns it to every later caller', async () => {
      expect(await t.store.loadSetting('secret', 'first')).toBe('first');
      expect(await t.store.loadSetting('secret', 'second')).toBe('first');
      expect(await t.store.loadSetting('other', 'x')).toBe('x');
      const concurrent = await Promise.all(['a', 'b', 'c'].map((value) => t.store.loadSetting('race', value)));
      expect(new Set(concurrent).size).toBe(1);
    });
  });

  describe('engines', () => {
    it('registers, heartbeats, lists and removes engines', async () => {
      expect(await t.store.listEngines()).toEqual([]);
      const b = { id: 'engine-b', host: 'host-2', pid: 202, startedAt: 10, heartbeatAt: 10 };
      const a = { id: 'engine-a', host: 'host-1', pid: 101, startedAt: 20, heartbeatAt: 20 };
      await t.store.registerEngine(b);
      await t.store.registerEngine(a);
      await t.store.heartbeatEngine('engine-a', 35);
      await t.store.heartbeatEngine('engine-missing', 35);
      expect(await t.store.listEngines()).toEqual([{ ...a, heartbeatAt: 35 }, b]);
      await t.store.registerEngine({ ...b, pid: 303, startedAt: 40, heartbeatAt: 40 });
      await t.store.removeEngines(['engine-a', 'engine-missing']);
      await t.store.removeEngines([]);
      expect(await t.store.listEngines()).toEqual([{ ...b, pid: 303, startedAt: 40, heartbeatAt: 40 }]);
    });
  });
}
