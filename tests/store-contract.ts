import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { Store } from '../src/store/store-port.js';
import type { StoreContractContext } from './store-contract-context.js';
import { historyAndExecutionContract } from './store-contract-queries.js';
import { retentionContract } from './store-contract-retention.js';
import { workAndEngineContract } from './store-contract-work.js';
import {
  createCommit,
  updateCommit,
  event,
  workItem,
  executionArnOf,
  stateMachineArn,
  type CreateOptions,
} from './store-contract-fixtures.js';

/** The suite every Store adapter passes. `cleanup` closes the store and removes what `openStore` created. */
export function runStoreContract(
  name: string,
  openStore: () => Promise<{ store: Store; cleanup: () => Promise<void> }>,
): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, cleanup } = await openStore());
      await store.migrate();
    });

    afterEach(async () => {
      await cleanup();
    });

    async function createExecution(executionName: string, options: CreateOptions = {}): Promise<string> {
      const commit = createCommit(executionName, options);
      expect(await store.commitTransitions([commit])).toEqual(['ok']);
      return commit.executionArn;
    }

    async function snapshotOf(executionArn: string): Promise<unknown> {
      return {
        execution: await store.getExecution(executionArn),
        history: await store.getHistory(executionArn),
        work: await store.listWork(executionArn),
      };
    }

    const t: StoreContractContext = {
      get store() {
        return store;
      },
      createExecution,
      snapshotOf,
    };

    describe('migrations and definitions', () => {
      it('migrate is idempotent', async () => {
        await store.migrate();
        await store.migrate();
        await store.saveDefinition({ id: 'sha-1', stateMachineArn: stateMachineArn, text: '{}', createdAt: 5 });
        expect(await store.getDefinition('sha-1')).toEqual({ id: 'sha-1', stateMachineArn, text: '{}', createdAt: 5 });
      });

      it('saves a definition once and returns it', async () => {
        const text = JSON.stringify({ StartAt: 'Book', States: { Book: { Type: 'Succeed' } } });
        await store.saveDefinition({ id: 'sha-a', stateMachineArn, text, createdAt: 1000 });
        await store.saveDefinition({ id: 'sha-a', stateMachineArn, text, createdAt: 2000 });
        expect(await store.getDefinition('sha-a')).toEqual({ id: 'sha-a', stateMachineArn, text, createdAt: 1000 });
        expect(await store.getDefinition('sha-missing')).toBeUndefined();
      });
    });

    describe('commitTransitions', () => {
      it('creates an execution at version 1 with its events and work', async () => {
        const commit = createCommit('trip-1', {
          startDate: 1000,
          events: [event(1, 0, 'ExecutionStarted', { input: '{"a":1}' })],
          insertWork: [workItem('w1', executionArnOf('trip-1'), 1000)],
        });
        expect(await store.commitTransitions([commit])).toEqual(['ok']);
        expect(await store.getExecution(commit.executionArn)).toEqual({
          executionArn: commit.executionArn,
          stateMachineArn,
          name: 'trip-1',
          definitionId: 'sha-trip',
          status: 'RUNNING',
          input: '{"a":1}',
          output: null,
          error: null,
          cause: null,
          startDate: 1000,
          stopDate: null,
          snapshot: '{"step":0}',
          version: 1,
        });
        expect(await store.getHistory(commit.executionArn)).toEqual(commit.events);
        expect(await store.listWork(commit.executionArn)).toEqual(commit.insertWork);
      });

      it('reports a second create of the same ARN as a conflict and writes nothing', async () => {
        const executionArn = await createExecution('trip-1', { events: [event(1, 0, 'ExecutionStarted')] });
        const before = await snapshotOf(executionArn);
        const again = createCommit('trip-1', {
          input: '{"other":true}',
          events: [event(2, 1, 'PassStateEntered')],
          insertWork: [workItem('w-again', executionArn, 10)],
        });
        expect(await store.commitTransitions([again])).toEqual(['conflict']);
        expect(await snapshotOf(executionArn)).toEqual(before);
      });

      it('applies an update with the expected version and increments it', async () => {
        const executionArn = await createExecution('trip-1', {
          events: [event(1, 0, 'ExecutionStarted')],
          insertWork: [workItem('w1', executionArnOf('trip-1'), 100)],
        });
        const update = updateCommit(executionArn, 1, {
          status: 'SUCCEEDED',
          output: '{"done":true}',
          stopDate: 2000,
          events: [event(2, 1, 'ExecutionSucceeded', { output: '{"done":true}' })],
          deleteWorkIds: ['w1'],
          insertWork: [workItem('w2', executionArn, 300, { kind: 'timer' })],
        });
        expect(await store.commitTransitions([update])).toEqual(['ok']);
        const record = await store.getExecution(executionArn);
        expect(record).toMatchObject({ status: 'SUCCEEDED', output: '{"done":true}', stopDate: 2000, version: 2 });
        expect(record?.snapshot).toBe(update.update.snapshot);
        expect((await store.getHistory(executionArn)).map((e) => e.id)).toEqual([1, 2]);
        expect(await store.listWork(executionArn)).toEqual(update.insertWork);
      });

      it('stores error and cause of a failed execution', async () => {
        const executionArn = await createExecution('trip-1');
        const failure = updateCommit(executionArn, 1, { status: 'FAILED', error: 'States.TaskFailed', cause: 'boom' });
        expect(await store.commitTransitions([failure])).toEqual(['ok']);
        expect(await store.getExecution(executionArn)).toMatchObject({
          status: 'FAILED',
          error: 'States.TaskFailed',
          cause: 'boom',
          output: null,
        });
      });

      it('reports a wrong version as a conflict and writes nothing', async () => {
        const executionArn = await createExecution('trip-1', {
          events: [event(1, 0, 'ExecutionStarted')],
          insertWork: [workItem('w1', executionArnOf('trip-1'), 100)],
        });
        const before = await snapshotOf(executionArn);
        for (const expectedVersion of [2, 7]) {
          const stale = updateCommit(executionArn, expectedVersion, {
            status: 'SUCCEEDED',
            events: [event(2, 1, 'ExecutionSucceeded')],
            deleteWorkIds: ['w1'],
            insertWork: [workItem('w2', executionArn, 200)],
          });
          expect(await store.commitTransitions([stale])).toEqual(['conflict']);
        }
        expect(await snapshotOf(executionArn)).toEqual(before);
      });

      it('reports an update of a missing execution as a conflict', async () => {
        const missing = updateCommit(executionArnOf('nobody'), 1, { events: [event(1, 0, 'ExecutionStarted')] });
        expect(await store.commitTransitions([missing])).toEqual(['conflict']);
        expect(await store.getExecution(missing.executionArn)).toBeUndefined();
        expect(await store.getHistory(missing.executionArn)).toEqual([]);
      });

      it('applies a group commit in input order, skipping only the conflicting commits', async () => {
        const created = await store.commitTransitions(['a', 'b', 'c'].map((n) => createCommit(n)));
        expect(created).toEqual(['ok', 'ok', 'ok']);
        const [a, b, c] = ['a', 'b', 'c'].map((n) => executionArnOf(n)) as [string, string, string];
        const before = await snapshotOf(b);
        const outcomes = await store.commitTransitions([
          updateCommit(a, 1, { events: [event(1, 0, 'ExecutionStarted')] }),
          updateCommit(b, 5, { events: [event(1, 0, 'ExecutionStarted')], insertWork: [workItem('wb', b, 1)] }),
          updateCommit(c, 1, { status: 'ABORTED', stopDate: 9, insertWork: [workItem('wc', c, 1)] }),
          createCommit('a'),
          createCommit('d'),
        ]);
        expect(outcomes).toEqual(['ok', 'conflict', 'ok', 'conflict', 'ok']);
        expect(await store.getExecution(a)).toMatchObject({ version: 2, status: 'RUNNING' });
        expect(await store.getHistory(a)).toHaveLength(1);
        expect(await snapshotOf(b)).toEqual(before);
        expect(await store.getExecution(c)).toMatchObject({ version: 2, status: 'ABORTED', stopDate: 9 });
        expect((await store.listWork(c)).map((w) => w.id)).toEqual(['wc']);
        expect(await store.getExecution(executionArnOf('d'))).toMatchObject({ version: 1 });
      });

      it('sees earlier commits of the same batch when checking versions', async () => {
        const executionArn = executionArnOf('trip-1');
        expect(
          await store.commitTransitions([
            createCommit('trip-1'),
            updateCommit(executionArn, 1),
            updateCommit(executionArn, 2),
            updateCommit(executionArn, 2),
          ]),
        ).toEqual(['ok', 'ok', 'ok', 'conflict']);
        expect(await store.getExecution(executionArn)).toMatchObject({ version: 3 });
      });

      it('returns no outcomes for an empty batch', async () => {
        expect(await store.commitTransitions([])).toEqual([]);
      });

      it('reports a duplicate event id inside one commit as a conflict and writes nothing of it', async () => {
        const executionArn = await createExecution('trip-1', {
          events: [event(1, 0, 'ExecutionStarted')],
          insertWork: [workItem('w1', executionArnOf('trip-1'), 100)],
        });
        const before = await snapshotOf(executionArn);
        const duplicate = updateCommit(executionArn, 1, {
          events: [event(2, 1, 'TaskStateEntered'), event(2, 1, 'TaskStateEntered')],
          deleteWorkIds: ['w1'],
          insertWork: [workItem('w2', executionArn, 200)],
        });
        expect(await store.commitTransitions([duplicate])).toEqual(['conflict']);
        expect(await snapshotOf(executionArn)).toEqual(before);
      });

      it('reports recording an already stored event id again as a conflict', async () => {
        const executionArn = await createExecution('trip-1', { events: [event(1, 0, 'ExecutionStarted')] });
        const again = updateCommit(executionArn, 1, { events: [event(1, 0, 'ExecutionStarted', { input: 'x' })] });
        expect(await store.commitTransitions([again])).toEqual(['conflict']);
        expect(await store.getExecution(executionArn)).toMatchObject({ version: 1 });
        expect(await store.getHistory(executionArn)).toEqual([event(1, 0, 'ExecutionStarted')]);
      });

      it('does not create the execution when its creating commit has a duplicate event id', async () => {
        const broken = createCommit('trip-1', { events: [event(1, 0, 'ExecutionStarted'), event(1, 0, 'X')] });
        expect(await store.commitTransitions([broken, createCommit('trip-2')])).toEqual(['conflict', 'ok']);
        expect(await store.getExecution(broken.executionArn)).toBeUndefined();
        expect(await store.getHistory(broken.executionArn)).toEqual([]);
        expect(await store.getExecution(executionArnOf('trip-2'))).toBeDefined();
      });

      it('reports a duplicate work id as a conflict', async () => {
        const executionArn = await createExecution('trip-1', {
          insertWork: [workItem('w1', executionArnOf('trip-1'), 1)],
        });
        const before = await snapshotOf(executionArn);
        const duplicate = updateCommit(executionArn, 1, {
          events: [event(1, 0, 'ExecutionStarted')],
          insertWork: [workItem('w1', executionArn, 2)],
        });
        expect(await store.commitTransitions([duplicate])).toEqual(['conflict']);
        expect(await snapshotOf(executionArn)).toEqual(before);
      });

      it('keeps the same event id apart across executions', async () => {
        const outcomes = await store.commitTransitions([
          createCommit('a', { events: [event(1, 0, 'ExecutionStarted')] }),
          createCommit('b', { events: [event(1, 0, 'ExecutionStarted')] }),
        ]);
        expect(outcomes).toEqual(['ok', 'ok']);
      });
    });

    historyAndExecutionContract(t);
    workAndEngineContract(t);
    retentionContract(t);
  });
}
