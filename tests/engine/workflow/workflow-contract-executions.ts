import { describe, expect, it } from 'vitest';
import { taskTokenFor } from '../../../src/engine/execution-state.js';
import { BusinessError } from '../../../src/engine/workflow/business-error.js';
import type { Engine } from '../../../src/engine/engine.js';
import type { WorldFactory } from './workflow-contract.js';
import type { WorkflowWorld } from './workflow-world.js';
import { detailsOf, typesOf } from './workflow-world.js';
import { redriveStatusOf } from '../../../src/engine/redrive-status.js';

async function errorOf(promise: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error('expected a rejection');
}

/** Polls `condition` without draining the engines (a branch held in flight would never let a drain end). */
async function inFlightSoon(condition: () => boolean, what: string): Promise<void> {
  for (let round = 0; round < 2_000; round++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`gave up waiting for: ${what}`);
}

async function arnOf(world: WorkflowWorld, gid: string): Promise<string> {
  const record = await world.store.findExecution(gid);
  if (!record) throw new Error(`no execution ${gid}`);
  return record.executionArn;
}

/** Workflow executions through the execution-level APIs: StopExecution, RedriveExecution, task tokens, retention. */
export function executionApiContract(newWorld: WorldFactory): void {
  describe('workflow executions through the execution APIs', () => {
    it('StopExecution aborts a parked workflow: ABORTED, ExecutionAborted, no work left, nothing compensated', async () => {
      const world = await newWorld();
      const log: string[] = [];
      const engine = await world.startEngine((e) =>
        e.registerWorkflow('trip', async (wf) => {
          await wf.saga('flight', { action: () => log.push('flight'), compensate: () => log.push('undo-flight') });
          await wf.sleep(3_600_000);
          await wf.saga('hotel', { action: () => log.push('hotel'), compensate: () => log.push('undo-hotel') });
          return 'booked';
        }),
      );
      const arn = await engine.startWorkflow('trip', 'trip-stop');
      await world.until(async () => (await engine.describeWorkflow('trip-stop')).nextRunAt !== undefined, 'parked');
      const waiting = engine.waitForWorkflow('trip-stop');

      const { stopDate } = await engine.stopExecution(arn, 'Operator', 'customer called');
      expect(await waiting).toMatchObject({ status: 'ABORTED', error: 'Operator', cause: 'customer called' });
      const record = await world.store.getExecution(arn);
      expect(record).toMatchObject({ status: 'ABORTED', error: 'Operator', cause: 'customer called', stopDate });
      expect(await world.store.listWork(arn)).toEqual([]);
      const events = await world.history('trip-stop');
      expect(typesOf(events).slice(-1)).toEqual(['ExecutionAborted']);
      expect(detailsOf(events.at(-1)!)).toMatchObject({
        error: 'Operator',
        cause: 'customer called',
        phase: 'running',
      });
      expect(await engine.describeWorkflow('trip-stop')).toMatchObject({ status: 'ABORTED', phase: 'aborted' });

      // Time passes: nothing runs any more, and phase two never ran.
      world.clock.advance(7_200_000);
      await engine.drain();
      expect(log).toEqual(['flight']);
      expect(await world.history('trip-stop')).toHaveLength(events.length);
      // Stopping again changes nothing and answers the first stop date, as for state machines.
      expect(await engine.stopExecution(arn, 'Again')).toEqual({ stopDate });
      expect((await world.store.getExecution(arn))?.error).toBe('Operator');
      await expect(engine.signalWorkflow('trip-stop', 'go')).rejects.toMatchObject({ code: 'UsageError' });
    });

    it('StopExecution aborts the branch in flight here and runs no later branch', async () => {
      const world = await newWorld();
      const log: string[] = [];
      let inFlight = false;
      let release = (): void => undefined;
      const engine = await world.startEngine((e) =>
        e.registerWorkflow('slow', async (wf) => {
          await wf.saga('first', {
            action: (ctx) =>
              new Promise<string>((resolve) => {
                inFlight = true;
                release = () => resolve('late');
                ctx.signal.addEventListener('abort', () => log.push('first-aborted'));
              }),
            compensate: () => log.push('undo-first'),
          });
          await wf.saga('second', { action: () => log.push('second'), compensate: () => log.push('undo-second') });
          return 'done';
        }),
      );
      const arn = await engine.startWorkflow('slow', 'slow-1');
      await inFlightSoon(() => inFlight, 'first in flight');
      await engine.stopExecution(arn);
      expect(log).toEqual(['first-aborted']);
      release();
      await engine.drain();
      expect(log).toEqual(['first-aborted']);
      expect((await world.store.getExecution(arn))?.status).toBe('ABORTED');
      expect(typesOf(await world.history('slow-1'))).toEqual(['ExecutionStarted', 'ExecutionAborted']);
    });

    it('StopExecution from another process: the run there writes nothing more and starts no later branch', async () => {
      const world = await newWorld();
      const log: string[] = [];
      let inFlight = false;
      let release = (): void => undefined;
      const runner = await world.startEngine((e) =>
        e.registerWorkflow('remote', async (wf) => {
          await wf.saga('first', {
            action: () =>
              new Promise<string>((resolve) => {
                inFlight = true;
                release = () => resolve('late');
              }),
            compensate: () => log.push('undo-first'),
          });
          await wf.saga('second', { action: () => log.push('second'), compensate: () => log.push('undo-second') });
          return 'done';
        }),
      );
      await runner.startWorkflow('remote', 'remote-1');
      await inFlightSoon(() => inFlight, 'first in flight');
      const operator = await world.openEngine();
      const arn = await arnOf(world, 'remote-1');
      await operator.stopExecution(arn, 'Stopped');
      release();
      await runner.drain();
      expect(log).toEqual([]);
      expect(await world.store.getExecution(arn)).toMatchObject({ status: 'ABORTED', error: 'Stopped' });
      expect(typesOf(await world.history('remote-1'))).toEqual(['ExecutionStarted', 'ExecutionAborted']);
    });

    it('refuses RedriveExecution of a workflow with a clear reason, ended or running', async () => {
      const world = await newWorld();
      const engine = await world.startEngine((e) => {
        e.registerWorkflow('refused', async (wf) => {
          await wf.step('check', () => {
            throw new BusinessError('no funds', 'Declined');
          });
        });
        e.registerWorkflow('parked', async (wf) => void (await wf.waitForSignal('never')));
      });
      const failed = await engine.executeWorkflow('refused', 'refused-1');
      expect(failed.status).toBe('FAILED');
      const before = await world.store.getExecution(failed.executionArn);
      const refused = await errorOf(engine.redriveExecution(failed.executionArn));
      expect(refused.code).toBe('ExecutionNotRedrivable');
      expect(refused.message).toMatch(/code-first workflow execution/);
      expect(await world.store.getExecution(failed.executionArn)).toEqual(before);
      expect(redriveStatusOf(before!, Date.now())).toMatchObject({
        redriveStatus: 'NOT_REDRIVABLE',
        redriveStatusReason: expect.stringMatching(/code-first workflow execution/),
      });

      const running = await engine.startWorkflow('parked', 'parked-1');
      expect((await errorOf(engine.redriveExecution(running))).code).toBe('ExecutionNotRedrivable');
    });

    it('answers a task token naming a workflow execution with TaskTimedOut and leaves it alone', async () => {
      const secret = Buffer.alloc(32, 7);
      const world = await newWorld({ tokenSecret: secret });
      const engine = await world.startEngine((e) =>
        e.registerWorkflow('waits', async (wf) => void (await wf.waitForSignal('go'))),
      );
      const arn = await engine.startWorkflow('waits', 'waits-1');
      await world.until(async () => (await world.history('waits-1')).length > 1, 'parked');
      const before = await world.store.getExecution(arn);
      const token = taskTokenFor(secret, arn, 't1');
      expect((await errorOf(engine.sendTaskSuccess(token, { ok: true }))).code).toBe('TaskTimedOut');
      expect((await errorOf(engine.sendTaskFailure(token, 'Nope'))).code).toBe('TaskTimedOut');
      expect(await world.store.getExecution(arn)).toEqual(before);
      await engine.signalWorkflow('waits-1', 'go');
      expect((await world.finish('waits-1')).status).toBe('SUCCEEDED');
    });

    it('ends a saga that commits in one commit per branch plus its start and its end', async () => {
      const world = await newWorld();
      const engine = await world.startEngine((e) =>
        e.registerWorkflow('pair', async (wf) => {
          await wf.saga('a', { action: () => 'a', compensate: () => undefined });
          await wf.saga('b', { action: () => 'b', compensate: () => undefined });
          return 'ok';
        }),
      );
      const before = engine.committer.commits;
      expect((await engine.executeWorkflow('pair', 'pair-1')).status).toBe('SUCCEEDED');
      expect(engine.committer.commits - before).toBe(4);
      expect(typesOf(await world.history('pair-1'))).toEqual([
        'ExecutionStarted',
        'BranchSucceeded',
        'BranchSucceeded',
        'CommitStarted',
        'ExecutionSucceeded',
      ]);
    });

    it('deletes ended workflows with retention, like any execution', async () => {
      const world = await newWorld({ retentionMs: 60_000 });
      const engine = await world.startEngine((e: Engine) => e.registerWorkflow('short', () => Promise.resolve(1)));
      const done = await engine.executeWorkflow('short', 'short-1');
      world.clock.advance(120_000);
      expect(await engine.sweepRetention()).toBe(1);
      expect(await world.store.getExecution(done.executionArn)).toBeUndefined();
    });
  });
}
