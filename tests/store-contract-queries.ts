import { expect, describe, it } from 'vitest';
import type { HistoryEvent } from '../src/core/interpreter/history-event.js';
import type { Store } from '../src/store/store-port.js';
import type { StoreContractContext } from './store-contract-context.js';
import {
  createCommit,
  event,
  executionArnOf,
  otherStateMachineArn,
  stateMachineArn,
  updateCommit,
} from './store-contract-fixtures.js';

/** History and execution queries of the store contract. */
export function historyAndExecutionContract(t: StoreContractContext): void {
  describe('history', () => {
    it('returns the identical event objects', async () => {
      const events: HistoryEvent[] = [
        event(1, 0, 'ExecutionStarted', {
          executionStartedEventDetails: {
            input: '{"trip":"Lisbon – Zürich ✈"}',
            inputDetails: { truncated: false },
            roleArn: 'arn:aws:iam::123456789012:role/unwind',
          },
        }),
        event(2, 1, 'TaskScheduled', {
          taskScheduledEventDetails: {
            resource: 'invoke',
            resourceType: 'lambda',
            region: 'us-east-1',
            parameters: '{"n":[1,2.5,-3e-7,null,true]}',
            timeoutInSeconds: 300,
            heartbeatInSeconds: null,
          },
        }),
        event(3, 2, 'ExecutionFailed', {
          executionFailedEventDetails: { error: 'States.Timeout', cause: 'a "quoted"\ncause' },
        }),
      ];
      const executionArn = await t.createExecution('trip-1', { events });
      const stored = await t.store.getHistory(executionArn);
      expect(stored).toStrictEqual(events);
      expect(Object.keys(stored[1]!).sort()).toEqual(Object.keys(events[1]!).sort());
    });

    it('pages forward, in reverse, and after an id', async () => {
      const events = Array.from({ length: 10 }, (_, i) => event(i + 1, i, 'PassStateEntered', { n: i + 1 }));
      const executionArn = await t.createExecution('trip-1', { events });
      const ids = async (query?: Parameters<Store['getHistory']>[1]): Promise<number[]> =>
        (await t.store.getHistory(executionArn, query)).map((e) => e.id);
      expect(await ids()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(await ids({ limit: 3 })).toEqual([1, 2, 3]);
      expect(await ids({ afterId: 3, limit: 3 })).toEqual([4, 5, 6]);
      expect(await ids({ afterId: 8 })).toEqual([9, 10]);
      expect(await ids({ afterId: 10 })).toEqual([]);
      expect(await ids({ reverse: true })).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
      expect(await ids({ reverse: true, limit: 2 })).toEqual([10, 9]);
      expect(await ids({ reverse: true, afterId: 5, limit: 2 })).toEqual([4, 3]);
      expect(await ids({ reverse: true, afterId: 1 })).toEqual([]);
      expect(await t.store.getHistory(executionArnOf('nobody'))).toEqual([]);
    });
  });

  describe('executions', () => {
    it('finds by ARN, else by name newest first', async () => {
      await t.store.commitTransitions([
        createCommit('order-7', { startDate: 100, stateMachineArn: otherStateMachineArn }),
        createCommit('order-7', { startDate: 200 }),
        createCommit('order-8', { startDate: 300 }),
      ]);
      const olderArn = executionArnOf('order-7', otherStateMachineArn);
      expect((await t.store.findExecution(olderArn))?.executionArn).toBe(olderArn);
      expect((await t.store.findExecution('order-7'))?.executionArn).toBe(executionArnOf('order-7'));
      expect((await t.store.findExecution('order-8'))?.startDate).toBe(300);
      expect(await t.store.findExecution('order-9')).toBeUndefined();
      expect(await t.store.getExecution('order-7')).toBeUndefined();
    });

    it('lists newest first with filters and keyset pagination', async () => {
      await t.store.commitTransitions([
        createCommit('e1', { startDate: 100 }),
        createCommit('e2', { startDate: 300, stateMachineArn: otherStateMachineArn }),
        createCommit('e3', { startDate: 200 }),
        createCommit('e4', { startDate: 300 }),
        createCommit('e5', { startDate: 50, stateMachineArn: otherStateMachineArn }),
      ]);
      await t.store.commitTransitions([
        updateCommit(executionArnOf('e3'), 1, { status: 'SUCCEEDED', stopDate: 400 }),
        updateCommit(executionArnOf('e2', otherStateMachineArn), 1, { status: 'SUCCEEDED', stopDate: 400 }),
      ]);
      const names = (records: { name: string }[]): string[] => records.map((r) => r.name);
      // Equal start dates are ordered by ARN descending: '...:trip:e4' > '...:refund:e2'.
      const all = await t.store.listExecutions({});
      expect(names(all)).toEqual(['e4', 'e2', 'e3', 'e1', 'e5']);
      expect(names(await t.store.listExecutions({ status: 'SUCCEEDED' }))).toEqual(['e2', 'e3']);
      expect(names(await t.store.listExecutions({ status: 'RUNNING' }))).toEqual(['e4', 'e1', 'e5']);
      expect(names(await t.store.listExecutions({ stateMachineArn: otherStateMachineArn }))).toEqual(['e2', 'e5']);
      expect(names(await t.store.listExecutions({ stateMachineArn, status: 'RUNNING' }))).toEqual(['e4', 'e1']);
      expect(await t.store.listExecutions({ status: 'TIMED_OUT' })).toEqual([]);

      const paged: string[] = [];
      let after: { startDate: number; executionArn: string } | undefined;
      for (;;) {
        const page = await t.store.listExecutions({ limit: 2, ...(after ? { after } : {}) });
        if (page.length === 0) break;
        paged.push(...names(page));
        const last = page[page.length - 1]!;
        after = { startDate: last.startDate, executionArn: last.executionArn };
      }
      expect(paged).toEqual(names(all));

      const e3 = all[2]!;
      const afterE3 = { startDate: e3.startDate, executionArn: e3.executionArn };
      expect(names(await t.store.listExecutions({ after: afterE3, status: 'RUNNING' }))).toEqual(['e1', 'e5']);
    });

    it('lists at most 100 by default', async () => {
      const commits = Array.from({ length: 105 }, (_, i) => createCommit(`bulk-${i}`, { startDate: i }));
      expect(new Set(await t.store.commitTransitions(commits))).toEqual(new Set(['ok']));
      const listed = await t.store.listExecutions({});
      expect(listed).toHaveLength(100);
      expect(listed[0]?.name).toBe('bulk-104');
      expect(await t.store.listExecutions({ limit: 1000 })).toHaveLength(105);
    });

    it('lists unfinished executions', async () => {
      await t.store.commitTransitions([createCommit('a'), createCommit('b'), createCommit('c')]);
      await t.store.commitTransitions([updateCommit(executionArnOf('b'), 1, { status: 'FAILED', stopDate: 2 })]);
      expect((await t.store.listUnfinishedExecutions()).sort()).toEqual([executionArnOf('a'), executionArnOf('c')]);
    });
  });
}
