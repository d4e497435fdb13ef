import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BarrierOutcome } from '../../src/barrier/barrier-outcome.js';
import type { BranchIdentity, BranchOp, TransType } from '../../src/barrier/barrier-identity.js';

/** One delivery of a branch op whose business adds `amount` to `account`'s balance. */
export interface Delivery {
  identity: BranchIdentity;
  account: string;
  amount: number;
}

/** What the contract needs from an adapter, over the participant's own database. */
export interface BarrierHarness {
  /** One delivery through the barrier. `fail`: the business fails (after its write, where it can roll back). */
  deliver(delivery: Delivery, options?: { fail?: boolean }): Promise<BarrierOutcome>;
  /** All at once, each through its own connection; outcomes in the order given. */
  deliverConcurrently(deliveries: readonly Delivery[]): Promise<BarrierOutcome[]>;
  /** The account's balance in the participant's business table; 0 when it has none. */
  balance(account: string): Promise<number>;
  /** The reason of barrier id `01` of `op` of this branch; undefined when there is no such row/key. */
  barrierReason(identity: BranchIdentity, op: BranchOp): Promise<string | undefined>;
  /** The error a failed business gives (what `deliver(..., { fail: true })` rejects with). */
  readonly failure: RegExp | (new (...args: never[]) => Error);
  /** Concurrent deliveries used by the concurrency cases. */
  readonly concurrency: number;
  close(): Promise<void>;
}

/** The behaviour every barrier adapter has; run by one small runner per adapter. */
export function barrierContract(open: () => Promise<BarrierHarness>): void {
  let h: BarrierHarness;
  beforeAll(async () => {
    h = await open();
  });
  afterAll(async () => {
    await h?.close();
  });

  let account: string;
  const branch = (transType: TransType, op: BranchOp, gid = `gid-${account}`): BranchIdentity => ({
    transType,
    gid,
    branchId: '01',
    op,
  });
  const deliver = (identity: BranchIdentity, amount: number) => h.deliver({ identity, account, amount });
  const fresh = () => (account = `acct-${randomUUID()}`);

  describe('saga', () => {
    it('runs an action, then its compensation', async () => {
      fresh();
      expect(await deliver(branch('saga', 'action'), 10)).toBe('executed');
      expect(await h.balance(account)).toBe(10);
      expect(await deliver(branch('saga', 'compensate'), -10)).toBe('executed');
      expect(await h.balance(account)).toBe(0);
      expect(await h.barrierReason(branch('saga', 'action'), 'action')).toBe('action');
      expect(await h.barrierReason(branch('saga', 'action'), 'compensate')).toBe('compensate');
    });

    it('runs a duplicated action once', async () => {
      fresh();
      expect(await deliver(branch('saga', 'action'), 10)).toBe('executed');
      expect(await deliver(branch('saga', 'action'), 10)).toBe('duplicate');
      expect(await deliver(branch('saga', 'action'), 10)).toBe('duplicate');
      expect(await h.balance(account)).toBe(10);
    });

    it('keeps branches, ops and transaction types apart', async () => {
      fresh();
      expect(await deliver(branch('saga', 'action'), 1)).toBe('executed');
      expect(await deliver({ ...branch('saga', 'action'), branchId: '02' }, 10)).toBe('executed');
      expect(await deliver(branch('saga', 'action', `other-${account}`), 100)).toBe('executed');
      expect(await deliver(branch('workflow', 'action'), 1000)).toBe('executed');
      expect(await h.balance(account)).toBe(1111);
    });

    it('skips a compensation whose action never ran (null compensation), once', async () => {
      fresh();
      expect(await deliver(branch('saga', 'compensate'), -10)).toBe('null-compensation');
      expect(await h.balance(account)).toBe(0);
      expect(await h.barrierReason(branch('saga', 'action'), 'action')).toBe('compensate');
      expect(await deliver(branch('saga', 'compensate'), -10)).toBe('duplicate');
      expect(await h.balance(account)).toBe(0);
    });

    it('skips an action that arrives after its compensation (hanging)', async () => {
      fresh();
      expect(await deliver(branch('saga', 'compensate'), -10)).toBe('null-compensation');
      expect(await deliver(branch('saga', 'action'), 10)).toBe('hanging');
      expect(await deliver(branch('saga', 'action'), 10)).toBe('hanging');
      expect(await h.balance(account)).toBe(0);
    });

    it('rolls the barrier back with a failed business, so a retry runs it', async () => {
      fresh();
      const delivery = { identity: branch('saga', 'action'), account, amount: 10 };
      await expect(h.deliver(delivery, { fail: true })).rejects.toThrow(h.failure);
      expect(await h.balance(account)).toBe(0);
      expect(await h.barrierReason(delivery.identity, 'action')).toBeUndefined();
      expect(await h.deliver(delivery)).toBe('executed');
      expect(await h.balance(account)).toBe(10);
    });

    it('makes the compensation of a failed action a null compensation', async () => {
      fresh();
      await expect(
        h.deliver({ identity: branch('saga', 'action'), account, amount: 10 }, { fail: true }),
      ).rejects.toThrow(h.failure);
      expect(await deliver(branch('saga', 'compensate'), -10)).toBe('null-compensation');
      expect(await h.balance(account)).toBe(0);
    });

    it('runs concurrent duplicates of one action exactly once', async () => {
      fresh();
      const delivery = { identity: branch('saga', 'action'), account, amount: 10 };
      const outcomes = await h.deliverConcurrently(Array.from({ length: h.concurrency }, () => delivery));
      expect(outcomes.filter((outcome) => outcome === 'executed')).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome === 'duplicate')).toHaveLength(h.concurrency - 1);
      expect(await h.balance(account)).toBe(10);
    });
  });

  describe('tcc', () => {
    it('runs try, then confirm once', async () => {
      fresh();
      expect(await deliver(branch('tcc', 'try'), 1)).toBe('executed');
      expect(await deliver(branch('tcc', 'confirm'), 100)).toBe('executed');
      expect(await deliver(branch('tcc', 'confirm'), 100)).toBe('duplicate');
      expect(await h.balance(account)).toBe(101);
    });

    it('runs try, then cancel', async () => {
      fresh();
      expect(await deliver(branch('tcc', 'try'), 1)).toBe('executed');
      expect(await deliver(branch('tcc', 'cancel'), -1)).toBe('executed');
      expect(await deliver(branch('tcc', 'cancel'), -1)).toBe('duplicate');
      expect(await h.balance(account)).toBe(0);
    });

    it('skips a cancel before its try (null compensation) and the late try (hanging)', async () => {
      fresh();
      expect(await deliver(branch('tcc', 'cancel'), -1)).toBe('null-compensation');
      expect(await deliver(branch('tcc', 'try'), 1)).toBe('hanging');
      expect(await h.balance(account)).toBe(0);
      expect(await h.barrierReason(branch('tcc', 'try'), 'try')).toBe('cancel');
    });

    it('settles concurrent cancels and tries to nothing (DTM TestTccBarrierDisorder)', async () => {
      fresh();
      const half = Math.max(1, Math.floor(h.concurrency / 2));
      const cancels = Array.from({ length: half }, () => ({ identity: branch('tcc', 'cancel'), account, amount: -1 }));
      const tries = Array.from({ length: half }, () => ({ identity: branch('tcc', 'try'), account, amount: 1 }));
      const outcomes = await h.deliverConcurrently([...cancels, ...tries]);
      const cancelOutcomes = outcomes.slice(0, half);
      const tryOutcomes = outcomes.slice(half);
      expect(cancelOutcomes.filter((outcome) => outcome !== 'duplicate')).toHaveLength(1);
      const tryRan = tryOutcomes.filter((outcome) => outcome === 'executed').length;
      // Either one try ran and one cancel undid it, or a cancel fenced every try off.
      if (tryRan === 1) {
        expect(cancelOutcomes).toContain('executed');
        expect(tryOutcomes.filter((outcome) => outcome === 'duplicate')).toHaveLength(half - 1);
      } else expect([...new Set(tryOutcomes)]).toEqual(['hanging']);
      expect(await h.balance(account)).toBe(0);
    });
  });
}
