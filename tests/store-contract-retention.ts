import { describe, expect, it } from 'vitest';
import type { ExecutionStatus } from '../src/store/store-port.js';
import type { StoreContractContext } from './store-contract-context.js';
import { event, executionArnOf, updateCommit, workItem } from './store-contract-fixtures.js';

/** Retention (deleteFinishedExecutions) of the store contract. */
export function retentionContract(t: StoreContractContext): void {
  describe('retention', () => {
    /** Creates an execution with two events and one work item, then finishes it at `stopDate` (when given). */
    async function seed(name: string, finish?: { status: ExecutionStatus; stopDate: number }): Promise<string> {
      const arn = executionArnOf(name);
      await t.createExecution(name, {
        events: [event(1, 0, 'ExecutionStarted')],
        insertWork: [workItem(`work-${name}`, arn, 10)],
      });
      if (finish !== undefined) {
        const commit = updateCommit(arn, 1, { ...finish, events: [event(2, 1, `Execution${finish.status}`)] });
        expect(await t.store.commitTransitions([commit])).toEqual(['ok']);
      }
      return arn;
    }

    async function remaining(names: string[]): Promise<string[]> {
      const present: string[] = [];
      for (const name of names) {
        if ((await t.store.getExecution(executionArnOf(name))) !== undefined) present.push(name);
      }
      return present;
    }

    it('deletes old finished executions with their history and work, and keeps the rest', async () => {
      const running = await seed('running');
      const recent = await seed('recent', { status: 'SUCCEEDED', stopDate: 900 });
      const atCutoff = await seed('at-cutoff', { status: 'FAILED', stopDate: 500 });
      const old = [
        await seed('old-succeeded', { status: 'SUCCEEDED', stopDate: 100 }),
        await seed('old-failed', { status: 'FAILED', stopDate: 200 }),
        await seed('old-timed-out', { status: 'TIMED_OUT', stopDate: 300 }),
        await seed('old-aborted', { status: 'ABORTED', stopDate: 400 }),
      ];

      expect(await t.store.deleteFinishedExecutions(500, 100)).toBe(4);
      for (const arn of old) {
        expect(await t.store.getExecution(arn)).toBeUndefined();
        expect(await t.store.getHistory(arn)).toEqual([]);
        expect(await t.store.listWork(arn)).toEqual([]);
      }
      for (const arn of [running, recent, atCutoff]) {
        expect(await t.store.getExecution(arn)).toBeDefined();
        expect(await t.store.getHistory(arn)).not.toEqual([]);
        expect(await t.store.listWork(arn)).toHaveLength(1);
      }
      expect((await t.store.listExecutions({})).map((e) => e.name).sort()).toEqual(['at-cutoff', 'recent', 'running']);
      expect(await t.store.listUnfinishedExecutions()).toEqual([running]);
      expect(await t.store.deleteFinishedExecutions(500, 100)).toBe(0);
    });

    it('honours the limit, oldest stop first, and drains over repeated calls', async () => {
      const names = ['e1', 'e2', 'e3', 'e4', 'e5'];
      // Stop dates out of name order: e3 stopped first, e1 last.
      const stopDates = [500, 400, 100, 300, 200];
      for (const [i, name] of names.entries()) await seed(name, { status: 'SUCCEEDED', stopDate: stopDates[i]! });
      await seed('still-running');

      expect(await t.store.deleteFinishedExecutions(1000, 2)).toBe(2);
      expect(await remaining(names)).toEqual(['e1', 'e2', 'e4']);
      expect(await t.store.deleteFinishedExecutions(1000, 2)).toBe(2);
      expect(await remaining(names)).toEqual(['e1']);
      expect(await t.store.deleteFinishedExecutions(1000, 2)).toBe(1);
      expect(await t.store.deleteFinishedExecutions(1000, 2)).toBe(0);
      expect(await t.store.deleteFinishedExecutions(1000, 0)).toBe(0);
      expect(await remaining(['still-running'])).toEqual(['still-running']);
    });
  });
}
