import type { AccountRow, LedgerRow } from './bank-db.js';
import type { TransferPlan } from './transfer-plan.js';

/** What a bank's database holds at the end: its accounts and its per-transfer ledger. */
export interface BankState {
  accounts: AccountRow[];
  ledger: LedgerRow[];
}

/** The coordinator's record of one transfer. */
export interface TransferRecord {
  status: string;
  error: string | null;
  cause: string | null;
}

export interface TransferSummary {
  done: number;
  undone: number;
  /** Undone transfers whose cause is "insufficient funds" (as opposed to an injected refusal). */
  insufficientFunds: number;
  /** Undone transfers in which a try had committed and was cancelled. */
  cancelledAfterTry: number;
}

/**
 * Checks the end state of a TCC transfer run against the banks' own data. Returns the problems found
 * (empty when sound) and counts:
 *
 * - money is conserved: the sum of every balance over all banks equals the opening sum;
 * - no balance or trading balance is negative, and nothing is left frozen (every trading_balance is 0);
 * - every transfer is fully done (debit and credit confirmed, for the planned accounts and amount) or
 *   fully undone (nothing confirmed; a try that committed was cancelled), never in between;
 * - the coordinator agrees: SUCCEEDED exactly when done, FAILED (a business failure) exactly when undone;
 *   transfers that exceed all the money there is are undone;
 * - each account's balance is its opening balance plus its confirmed credits minus its confirmed debits,
 *   as the ledger says (so the ledgers and the balances tell the same story).
 */
export function checkTransfers(
  plan: TransferPlan,
  banks: Readonly<Record<string, BankState>>,
  records: ReadonlyMap<string, TransferRecord>,
): { problems: string[]; summary: TransferSummary } {
  const problems: string[] = [];
  const summary: TransferSummary = { done: 0, undone: 0, insufficientFunds: 0, cancelledAfterTry: 0 };
  const opening = Object.values(plan.accounts)
    .flat()
    .reduce((sum, account) => sum + account.balance, 0);
  const closing = Object.values(banks)
    .flatMap((bank) => bank.accounts)
    .reduce((sum, account) => sum + account.balance + account.trading_balance, 0);
  if (closing !== opening) problems.push(`money is not conserved: ${opening} at the start, ${closing} at the end`);

  const expected = new Map<string, number>();
  for (const [bank, accounts] of Object.entries(plan.accounts)) {
    for (const account of accounts) expected.set(`${bank}/${account.id}`, account.balance);
  }
  const planned = new Map(plan.transfers.map((transfer) => [transfer.gid, transfer.input]));
  const ledgers = new Map<string, LedgerRow>();
  for (const [bank, state] of Object.entries(banks)) {
    for (const row of state.ledger) {
      ledgers.set(`${bank}/${row.gid}/${row.side}`, row);
      const input = planned.get(row.gid);
      const plannedBank = row.side === 'out' ? input?.from.bank : input?.to.bank;
      if (plannedBank !== bank) problems.push(`bank ${bank} has a ${row.side} ledger row for ${row.gid}, not planned`);
    }
  }

  for (const transfer of plan.transfers) {
    const { gid, input } = transfer;
    const out = ledgers.get(`${input.from.bank}/${gid}/out`);
    const into = ledgers.get(`${input.to.bank}/${gid}/in`);
    const record = records.get(gid);
    const problem = (message: string): void => void problems.push(`${gid}: ${message}`);
    for (const [side, row, account] of [
      ['debit', out, input.from.account],
      ['credit', into, input.to.account],
    ] as const) {
      if (row && (row.account !== account || row.amount !== input.amount)) {
        problem(`${side} ledger says ${row.account} ${row.amount}, planned ${account} ${input.amount}`);
      }
      if (row && row.state !== 'confirmed' && row.state !== 'cancelled') problem(`${side} left ${row.state}`);
    }
    const done = out?.state === 'confirmed' && into?.state === 'confirmed';
    const undone = out?.state !== 'confirmed' && into?.state !== 'confirmed';
    if (!done && !undone) problem(`half done: debit ${out?.state ?? 'none'}, credit ${into?.state ?? 'none'}`);
    if (!record) problem('the coordinator has no execution for it');
    else if (record.status === 'RUNNING') problem('still RUNNING');
    else if (done && record.status !== 'SUCCEEDED') problem(`done by the banks but ${record.status}`);
    else if (undone && record.status !== 'FAILED') problem(`undone by the banks but ${record.status}`);
    else if (undone && record.error !== 'Unwind.BusinessFailure') problem(`FAILED with ${record.error}`);
    if (transfer.impossible && !undone) problem('more than all the money there is was transferred');
    if (done) {
      summary.done++;
      const from = `${input.from.bank}/${input.from.account}`;
      const to = `${input.to.bank}/${input.to.account}`;
      expected.set(from, (expected.get(from) ?? 0) - input.amount);
      expected.set(to, (expected.get(to) ?? 0) + input.amount);
    } else if (undone) {
      summary.undone++;
      if (record?.cause?.includes('insufficient funds')) summary.insufficientFunds++;
      if (out?.state === 'cancelled' || into?.state === 'cancelled') summary.cancelledAfterTry++;
    }
  }

  for (const [bank, state] of Object.entries(banks)) {
    for (const account of state.accounts) {
      const key = `${bank}/${account.id}`;
      if (account.balance < 0 || account.trading_balance < 0) {
        problems.push(`${key} is negative: ${account.balance} / ${account.trading_balance}`);
      }
      if (account.trading_balance !== 0) problems.push(`${key} has ${account.trading_balance} left frozen`);
      if (account.balance !== expected.get(key)) {
        problems.push(`${key} holds ${account.balance}, its ledger says ${expected.get(key)}`);
      }
    }
  }
  return { problems, summary };
}
