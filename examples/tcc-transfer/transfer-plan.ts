import type { TransferInput } from './transfer-types.js';

/** mulberry32: a small seeded PRNG, so that a run can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface PlannedTransfer {
  gid: string;
  input: TransferInput;
  /** More than all the money of both banks: it must end FAILED, whatever else happens. */
  impossible: boolean;
}

export interface TransferPlan {
  seed: number;
  /** Opening balances (cents) per bank and account. */
  accounts: Record<string, { id: string; balance: number }[]>;
  transfers: PlannedTransfer[];
}

export interface PlanOptions {
  seed: number;
  count: number;
  banks?: readonly string[];
  accountsPerBank?: number;
  /** Share of transfers asking for more than exists (default 0.05). */
  impossibleRate?: number;
}

/**
 * A reproducible workload: accounts with random opening balances (50.00 to 200.00), and `count`
 * transfers between random accounts of different banks with random amounts (1.00 to 40.00, so some
 * fail for insufficient funds as balances move), plus a share that can never be covered.
 */
export function planTransfers(options: PlanOptions): TransferPlan {
  const random = seededRandom(options.seed);
  const int = (low: number, high: number): number => low + Math.floor(random() * (high - low + 1));
  const banks = options.banks ?? ['A', 'B'];
  const perBank = options.accountsPerBank ?? 20;
  const accounts: TransferPlan['accounts'] = {};
  let total = 0;
  for (const bank of banks) {
    accounts[bank] = Array.from({ length: perBank }, (_, index) => {
      const balance = int(5_000, 20_000);
      total += balance;
      return { id: `${bank}-${String(index).padStart(2, '0')}`, balance };
    });
  }
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const transfers = Array.from({ length: options.count }, (_, index): PlannedTransfer => {
    const fromBank = pick(banks);
    const toBank = pick(banks.filter((bank) => bank !== fromBank));
    const impossible = random() < (options.impossibleRate ?? 0.05);
    const amount = impossible ? total + int(1, 1_000) : int(100, 4_000);
    return {
      gid: `transfer-${String(index).padStart(4, '0')}`,
      input: {
        from: { bank: fromBank, account: pick(accounts[fromBank]!).id },
        to: { bank: toBank, account: pick(accounts[toBank]!).id },
        amount,
      },
      impossible,
    };
  });
  return { seed: options.seed, accounts, transfers };
}
