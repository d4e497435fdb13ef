import { describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.js';
import type { WorldFactory } from './workflow-contract.js';
import type { WorkflowWorld } from './workflow-world.js';
import { detailsOf, typesOf } from './workflow-world.js';

async function parked(world: WorkflowWorld, gid: string): Promise<void> {
  await world.until(async () => (await world.history(gid)).some((e) => e.type === 'WorkflowWaiting'), `${gid} parked`);
}

/** Replay after a restart, one execution per gid, signals and sleeps that outlive the process. */
export function durabilityContract(newWorld: WorldFactory): void {
  describe('durability', () => {
    it('does not run a recorded step again after the engine stops mid-sleep and a new one resumes', async () => {
      const world = await newWorld();
      const calls: string[] = [];
      const register = (engine: Engine) =>
        engine.registerWorkflow('reminder', async (wf, input: { to: string }) => {
          const id = await wf.step('reserve', () => (calls.push('reserve'), `r-${input.to}`));
          await wf.sleep(60_000);
          await wf.step('notify', (ctx) => void calls.push(`notify:${ctx.idempotencyKey}`));
          return id;
        });
      const first = await world.startEngine(register);
      await first.startWorkflow('reminder', 'rem-1', { to: 'ann' });
      await parked(world, 'rem-1');
      expect((await first.describeWorkflow('rem-1')).nextRunAt).toBe(world.clock.now() + 60_000);
      await world.stopEngine(first);

      await world.startEngine(register);
      const record = await world.finish('rem-1', 10_000);
      expect(record.status).toBe('SUCCEEDED');
      expect(JSON.parse(record.output ?? 'null')).toBe('r-ann');
      expect(calls).toEqual(['reserve', 'notify:rem-1/notify/action']);
    });

    it('returns the first execution of a gid instead of running it again', async () => {
      const world = await newWorld();
      let runs = 0;
      const engine = await world.startEngine((e) => {
        e.registerWorkflow('once', (wf, input: number) => wf.step('count', () => ((runs += 1), input * 2)));
        e.registerWorkflow('other', () => Promise.resolve('other'));
      });
      const first = await engine.executeWorkflow('once', 'same-gid', 21);
      const second = await engine.executeWorkflow('once', 'same-gid', 99);
      expect(first).toMatchObject({ status: 'SUCCEEDED', output: 42 });
      expect(second).toEqual(first);
      expect(runs).toBe(1);
      await expect(engine.executeWorkflow('other', 'same-gid')).rejects.toMatchObject({
        code: 'ExecutionAlreadyExists',
      });
    });

    it('keeps a signal sent while no engine runs the workflow, and delivers it after a restart', async () => {
      const world = await newWorld();
      const finished: boolean[] = [];
      const register = (engine: Engine) =>
        engine.registerWorkflow('approval', async (wf) => {
          wf.onFinish(({ committed }) => void finished.push(committed));
          const decision = await wf.waitForSignal<{ approved: boolean }>('decision');
          return { approved: decision?.approved ?? false };
        });
      const first = await world.startEngine(register);
      await first.startWorkflow('approval', 'ap-1');
      await parked(world, 'ap-1');
      await world.stopEngine(first);

      const offline = await world.openEngine();
      await offline.signalWorkflow('ap-1', 'decision', { approved: true });
      await offline.stop();
      expect(typesOf(await world.history('ap-1'))).toContain('SignalReceived');
      expect((await world.store.findExecution('ap-1'))?.status).toBe('RUNNING');

      const third = await world.startEngine(register);
      expect(await third.waitForWorkflow('ap-1')).toMatchObject({ status: 'SUCCEEDED', output: { approved: true } });
      expect(finished).toEqual([true]);
    });

    it('gives undefined when a signal wait times out, durably across a restart', async () => {
      const world = await newWorld();
      const register = (engine: Engine) =>
        engine.registerWorkflow('timeout', async (wf) => {
          const answer = await wf.waitForSignal('answer', { timeoutMs: 30_000 });
          return answer === undefined ? 'timed out' : 'answered';
        });
      const t0 = world.clock.now();
      const first = await world.startEngine(register);
      await first.startWorkflow('timeout', 'to-1');
      await parked(world, 'to-1');
      await world.stopEngine(first);
      world.clock.advance(29_000);
      const second = await world.startEngine(register);
      // An unrelated signal makes it run again: the deadline recorded on the first run still holds.
      await second.signalWorkflow('to-1', 'noise');
      const waits = async () => (await world.history('to-1')).filter((e) => e.type === 'WorkflowWaiting');
      await world.until(async () => (await waits()).length === 2, 're-parked');
      expect((await waits()).map((e) => detailsOf(e).until)).toEqual([t0 + 30_000, t0 + 30_000]);
      expect((await world.store.findExecution('to-1'))?.status).toBe('RUNNING');
      const record = await world.finish('to-1', 1_000);
      expect(JSON.parse(record.output ?? 'null')).toBe('timed out');
      expect(typesOf(await world.history('to-1'))).toContain('SignalWaitTimedOut');
    });
  });
}
