import { describe, expect, it } from 'vitest';
import type { WorldFactory } from './workflow-contract.js';
import { detailsOf, typesOf } from './workflow-world.js';

/** Errors other than business failures: backoff, phase two that must eventually succeed, retry now. */
export function retryContract(newWorld: WorldFactory): void {
  describe('retries', () => {
    it('retries a transient error with capped exponential backoff, then succeeds', async () => {
      const world = await newWorld();
      let calls = 0;
      const engine = await world.startEngine((e) =>
        e.registerWorkflow(
          'flaky',
          async (wf) =>
            wf.step('load', () => {
              calls += 1;
              if (calls <= 3) throw new Error(`database down (${calls})`);
              return 'loaded';
            }),
          { retry: { initialMs: 1_000, maxMs: 3_000, factor: 2 } },
        ),
      );
      const t0 = world.clock.now();
      await engine.startWorkflow('flaky', 'flaky-1');
      await engine.drain();
      let progress = await engine.describeWorkflow('flaky-1');
      expect(progress).toMatchObject({ status: 'RUNNING', phase: 'running', attempts: 1, nextRunAt: t0 + 1_000 });
      expect(progress.lastError).toMatchObject({ error: 'Error', cause: 'database down (1)' });
      world.clock.advance(999);
      await engine.drain();
      expect(calls).toBe(1);
      world.clock.advance(1);
      await engine.drain();
      expect(calls).toBe(2);
      progress = await engine.describeWorkflow('flaky-1');
      expect(progress).toMatchObject({ attempts: 2, nextRunAt: t0 + 3_000 });
      world.clock.advance(2_000);
      await engine.drain();
      expect(calls).toBe(3);
      expect((await engine.describeWorkflow('flaky-1')).nextRunAt).toBe(t0 + 6_000);
      world.clock.advance(3_000);
      await engine.drain();
      expect(await engine.waitForWorkflow('flaky-1')).toMatchObject({ status: 'SUCCEEDED', output: 'loaded' });
      const failures = (await world.history('flaky-1')).filter((e) => e.type === 'WorkflowAttemptFailed');
      expect(failures.map((e) => (detailsOf(e).retryAt as number) - e.timestamp)).toEqual([1_000, 2_000, 3_000]);
    });

    it('retries a failing confirm until it succeeds, shows it stuck meanwhile, and retryWorkflowNow runs it at once', async () => {
      const world = await newWorld();
      let confirms = 0;
      const engine = await world.startEngine((e) =>
        e.registerWorkflow(
          'stuck',
          async (wf) => {
            await wf.tcc('pay', {
              try: () => 'reserved',
              confirm: () => {
                confirms += 1;
                if (confirms <= 2) throw new Error('confirm service down');
              },
              cancel: () => undefined,
            });
            return 'paid';
          },
          { retry: { initialMs: 60_000 } },
        ),
      );
      await engine.startWorkflow('stuck', 'stuck-1');
      await engine.drain();
      const stuck = await engine.describeWorkflow('stuck-1');
      expect(stuck).toMatchObject({ status: 'RUNNING', phase: 'committing', attempts: 1 });
      expect(stuck.lastError?.cause).toBe('confirm service down');
      expect(stuck.plan).toEqual([{ branch: 'pay', type: 'tcc', op: 'confirm', done: false }]);
      expect(confirms).toBe(1);

      expect(await engine.retryWorkflowNow('stuck-1')).toBe(true);
      await engine.drain();
      expect(confirms).toBe(2);
      expect((await engine.describeWorkflow('stuck-1')).attempts).toBe(2);
      expect(await engine.retryWorkflowNow('stuck-1')).toBe(true);
      await engine.drain();
      expect(confirms).toBe(3);
      expect(await engine.waitForWorkflow('stuck-1')).toMatchObject({ status: 'SUCCEEDED', output: 'paid' });
      const types = typesOf(await world.history('stuck-1'));
      expect(types.filter((t) => t === 'PhaseTwoOperationFailed')).toHaveLength(2);
      expect(types.filter((t) => t === 'WorkflowRetryRequested')).toHaveLength(2);
      expect(types.at(-2)).toBe('ConfirmSucceeded');
    });
  });
}
