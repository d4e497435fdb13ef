import { describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.js';
import { BusinessError } from '../../../src/engine/workflow/business-error.js';
import type { WorldFactory } from './workflow-contract.js';
import { detailsOf, typesOf } from './workflow-world.js';

/** Saga and TCC branches: commit and rollback order, what ran and what the history shows. */
export function outcomeContract(newWorld: WorldFactory): void {
  describe('saga branches', () => {
    it('runs every action once and compensates nothing when the workflow returns', async () => {
      const world = await newWorld();
      const log: string[] = [];
      const engine = await world.startEngine((e) =>
        e.registerWorkflow('transfer', async (wf, input: { amount: number }) => {
          const out = await wf.saga('trans-out', {
            action: (ctx) => (log.push(`out:${ctx.op}:${ctx.idempotencyKey}`), { debited: input.amount }),
            compensate: () => log.push('undo-out'),
          });
          await wf.saga('trans-in', { action: () => log.push('in'), compensate: () => log.push('undo-in') });
          return { out };
        }),
      );
      const result = await engine.executeWorkflow('transfer', 'gid-ok', { amount: 30 });
      expect(result).toMatchObject({ status: 'SUCCEEDED', output: { out: { debited: 30 } } });
      expect(log).toEqual(['out:action:gid-ok/trans-out/action', 'in']);
      const events = await world.history('gid-ok');
      expect(typesOf(events)).toEqual([
        'ExecutionStarted',
        'BranchSucceeded',
        'BranchSucceeded',
        'CommitStarted',
        'ExecutionSucceeded',
      ]);
      const record = await world.store.findExecution('gid-ok');
      expect(record?.stateMachineArn).toMatch(/:stateMachine:transfer$/);
      expect(record?.executionArn).toMatch(/:execution:transfer:gid-ok$/);
    });

    it('compensates in reverse order of registration on a business failure, the failed branch only when asked', async () => {
      const world = await newWorld();
      const log: string[] = [];
      const branch = (name: string, fails: boolean, compensateOnFailure: boolean) => ({
        action: () => {
          log.push(name);
          if (fails) throw new BusinessError(`${name} refused`, 'InsufficientBalance');
          return name;
        },
        compensate: () => void log.push(`undo-${name}`),
        compensateOnFailure,
      });
      const engine = await world.startEngine((e) =>
        e.registerWorkflow('trip', async (wf, input: { compensateFailed: boolean }) => {
          await wf.saga('flight', branch('flight', false, false));
          await wf.saga('hotel', branch('hotel', false, false));
          await wf.saga('car', branch('car', true, input.compensateFailed));
          await wf.saga('never', branch('never', false, false));
          return 'booked';
        }),
      );
      const plain = await engine.executeWorkflow('trip', 'trip-1', { compensateFailed: false });
      expect(plain).toMatchObject({ status: 'FAILED', error: 'InsufficientBalance', cause: 'car refused' });
      expect(log).toEqual(['flight', 'hotel', 'car', 'undo-hotel', 'undo-flight']);
      log.length = 0;
      await engine.executeWorkflow('trip', 'trip-2', { compensateFailed: true });
      expect(log).toEqual(['flight', 'hotel', 'car', 'undo-car', 'undo-hotel', 'undo-flight']);
      const events = await world.history('trip-2');
      expect(typesOf(events)).toEqual([
        'ExecutionStarted',
        'BranchSucceeded',
        'BranchSucceeded',
        'BranchFailed',
        'CompensationStarted',
        'CompensationSucceeded',
        'CompensationSucceeded',
        'CompensationSucceeded',
        'ExecutionFailed',
      ]);
      const compensated = events.filter((e) => e.type === 'CompensationSucceeded').map((e) => detailsOf(e).branch);
      expect(compensated).toEqual(['car', 'hotel', 'flight']);
      expect(detailsOf(events[4]!)).toMatchObject({ error: 'InsufficientBalance', cause: 'car refused' });
    });
  });

  describe('TCC branches', () => {
    function register(log: string[]) {
      return (engine: Engine) =>
        engine.registerWorkflow('tcc', async (wf, input: { fail: boolean }) => {
          for (const name of ['a', 'b', 'c']) {
            await wf.tcc(name, {
              try: () => {
                log.push(`try-${name}`);
                if (input.fail && name === 'c') throw new BusinessError('no stock');
                return name;
              },
              confirm: () => void log.push(`confirm-${name}`),
              cancel: () => void log.push(`cancel-${name}`),
            });
          }
          return 'done';
        });
    }

    it('confirms in reverse order of registration when the workflow returns', async () => {
      const world = await newWorld();
      const log: string[] = [];
      const engine = await world.startEngine(register(log));
      expect(await engine.executeWorkflow('tcc', 'tcc-ok', { fail: false })).toMatchObject({ status: 'SUCCEEDED' });
      expect(log).toEqual(['try-a', 'try-b', 'try-c', 'confirm-c', 'confirm-b', 'confirm-a']);
      const events = await world.history('tcc-ok');
      const confirmed = events.filter((e) => e.type === 'ConfirmSucceeded').map((e) => detailsOf(e).branch);
      expect(confirmed).toEqual(['c', 'b', 'a']);
    });

    it('cancels the tried branches in reverse order on a business failure', async () => {
      const world = await newWorld();
      const log: string[] = [];
      const engine = await world.startEngine(register(log));
      expect(await engine.executeWorkflow('tcc', 'tcc-bad', { fail: true })).toMatchObject({
        status: 'FAILED',
        cause: 'no stock',
      });
      expect(log).toEqual(['try-a', 'try-b', 'try-c', 'cancel-b', 'cancel-a']);
      const events = await world.history('tcc-bad');
      expect(events.filter((e) => e.type === 'CancelSucceeded').map((e) => detailsOf(e).branch)).toEqual(['b', 'a']);
      expect(typesOf(events)).not.toContain('ConfirmSucceeded');
    });
  });
}
