import { describe, expect, it } from 'vitest';
import { BusinessError } from '../../../src/engine/workflow/business-error.js';
import type { WorldFactory } from './workflow-contract.js';
import { detailsOf, typesOf } from './workflow-world.js';

/** Branches started together with Promise.all, and names that must be unique. */
export function concurrencyContract(newWorld: WorldFactory): void {
  describe('concurrent branches', () => {
    it('runs saga, TCC and step branches together and replays them deterministically after a restart', async () => {
      const world = await newWorld();
      const calls = new Map<string, number>();
      const count = (name: string) => calls.set(name, (calls.get(name) ?? 0) + 1);
      const log: string[] = [];
      const register = (engine: import('../../../src/engine/engine.js').Engine) =>
        engine.registerWorkflow('fan-out', async (wf) => {
          const results = await Promise.all([
            wf.saga('ship', { action: () => (count('ship'), 'shipped'), compensate: () => void log.push('unship') }),
            wf.tcc('pay', {
              try: () => Promise.resolve((count('pay'), 'reserved')),
              confirm: () => void log.push('confirm-pay'),
              cancel: () => void log.push('cancel-pay'),
            }),
            wf.step('note', () => (count('note'), 42)),
          ]);
          const go = await wf.waitForSignal<{ fail: boolean }>('go');
          if (go?.fail) throw new BusinessError('customer cancelled');
          return results;
        });
      const first = await world.startEngine(register);
      await first.startWorkflow('fan-out', 'fan-1');
      await world.until(async () => (await world.history('fan-1')).some((e) => e.type === 'WorkflowWaiting'), 'parked');
      expect(Object.fromEntries(calls)).toEqual({ ship: 1, pay: 1, note: 1 });
      await world.stopEngine(first);

      const second = await world.startEngine(register);
      await second.signalWorkflow('fan-1', 'go', { fail: true });
      const result = await second.waitForWorkflow('fan-1');
      expect(result).toMatchObject({ status: 'FAILED', cause: 'customer cancelled' });
      expect(Object.fromEntries(calls)).toEqual({ ship: 1, pay: 1, note: 1 });
      // Reverse order of registration (invocation order): pay was registered after ship.
      expect(log).toEqual(['cancel-pay', 'unship']);
      const events = await world.history('fan-1');
      const types = typesOf(events);
      // Forward branches are recorded in the order they complete; phase two follows registration order.
      expect(types.filter((t) => t === 'BranchSucceeded' || t === 'WorkflowStepRecorded').sort()).toEqual([
        'BranchSucceeded',
        'BranchSucceeded',
        'WorkflowStepRecorded',
      ]);
      expect(types.filter((t) => t === 'CancelSucceeded' || t === 'CompensationSucceeded')).toEqual([
        'CancelSucceeded',
        'CompensationSucceeded',
      ]);
    });

    it('commits concurrent branches and returns every result', async () => {
      const world = await newWorld();
      const log: string[] = [];
      const engine = await world.startEngine((e) =>
        e.registerWorkflow('pair', async (wf) =>
          Promise.all([
            wf.tcc('left', { try: () => 'L', confirm: () => void log.push('confirm-left'), cancel: () => undefined }),
            wf.tcc('right', { try: () => 'R', confirm: () => void log.push('confirm-right'), cancel: () => undefined }),
          ]),
        ),
      );
      expect(await engine.executeWorkflow('pair', 'pair-1')).toMatchObject({ status: 'SUCCEEDED', output: ['L', 'R'] });
      expect(log).toEqual(['confirm-right', 'confirm-left']);
    });

    it('rejects a name used twice in one workflow with a clear error', async () => {
      const world = await newWorld();
      let ran = 0;
      const engine = await world.startEngine((e) =>
        e.registerWorkflow('dup', async (wf) => {
          await wf.step('charge', () => ++ran);
          try {
            await wf.saga('charge', { action: () => ++ran, compensate: () => undefined });
            return 'accepted';
          } catch (error) {
            return (error as Error).message;
          }
        }),
      );
      const result = await engine.executeWorkflow('dup', 'dup-1');
      expect(result.output).toMatch(/uses the name 'charge' twice/);
      expect(ran).toBe(1);
      const events = await world.history('dup-1');
      expect(events.filter((e) => e.type === 'WorkflowStepRecorded').map((e) => detailsOf(e).name)).toEqual(['charge']);
    });
  });
}
