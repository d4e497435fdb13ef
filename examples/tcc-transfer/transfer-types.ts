import { BusinessError } from '../../src/index.js';

/** An account at a bank: `bank` is a key of the coordinator's bank directory. */
export interface AccountRef {
  bank: string;
  account: string;
}

/** The input of a transfer workflow (TCC or saga). */
export interface TransferInput {
  from: AccountRef;
  to: AccountRef;
  /** Cents, a positive integer. */
  amount: number;
  /** Run the debit and the credit branches at the same time instead of one after the other. */
  concurrent?: boolean;
}

export interface TransferOutput {
  from: AccountRef;
  to: AccountRef;
  amount: number;
}

/** Where each bank's service listens, by bank name: `{ A: 'http://127.0.0.1:4001', ... }`. */
export type BankDirectory = Readonly<Record<string, string>>;

/** The base URL of a bank's API; an unknown bank is a business failure (nothing was done yet). */
export function bankApi(banks: BankDirectory, bank: string): string {
  const origin = banks[bank];
  if (origin === undefined) throw new BusinessError(`unknown bank '${bank}'`, 'UnknownBank');
  return `${origin}/api`;
}
