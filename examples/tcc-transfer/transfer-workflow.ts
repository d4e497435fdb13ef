import type { Engine, WorkflowContext, WorkflowOptions } from '../../src/index.js';
import {
  bankApi,
  type AccountRef,
  type BankDirectory,
  type TransferInput,
  type TransferOutput,
} from './transfer-types.js';

/** The name the TCC transfer is registered under. */
export const TCC_TRANSFER = 'tcc-transfer';

/**
 * The inter-bank transfer of DTM's workflow-mode article, with TCC (seed 001): two TCC branches over
 * HTTP, `debit` on the payer's bank and `credit` on the payee's bank. Their tries freeze the money
 * (nobody can spend it meanwhile); when the function returns, the engine confirms both (in reverse
 * order); when a try is refused (409), it cancels both. `cancelOnFailure` also sends the refused
 * branch its cancel, as DTM's TCC does: the participant's barrier turns it into a null compensation.
 */
export async function tccTransfer(
  wf: WorkflowContext,
  input: TransferInput,
  banks: BankDirectory,
): Promise<TransferOutput> {
  const debit = (): Promise<unknown> => tccBranch(wf, banks, 'debit', 'TransOut', input.from, input.amount);
  const credit = (): Promise<unknown> => tccBranch(wf, banks, 'credit', 'TransIn', input.to, input.amount);
  if (input.concurrent) {
    await Promise.all([debit(), credit()]);
  } else {
    await debit();
    await credit();
  }
  return { from: input.from, to: input.to, amount: input.amount };
}

function tccBranch(
  wf: WorkflowContext,
  banks: BankDirectory,
  name: string,
  route: 'TransOut' | 'TransIn',
  ref: AccountRef,
  amount: number,
): Promise<unknown> {
  const api = bankApi(banks, ref.bank);
  const body = { account: ref.account, amount };
  return wf.tcc(name, {
    try: { url: `${api}/${route}Try`, body },
    confirm: { url: `${api}/${route}Confirm`, body },
    cancel: { url: `${api}/${route}Cancel`, body },
    cancelOnFailure: true,
  });
}

/** Registers the TCC transfer on an engine (before `engine.start()`, so a restart resumes unfinished ones). */
export function registerTccTransfer(engine: Engine, banks: BankDirectory, options?: WorkflowOptions): void {
  engine.registerWorkflow<TransferInput, TransferOutput>(
    TCC_TRANSFER,
    (wf, input) => tccTransfer(wf, input, banks),
    options,
  );
}

/** `transfer(from, to, amount)` as global transaction `gid`; resolves with the execution ARN once it is started. */
export function startTransfer(
  engine: Engine,
  gid: string,
  from: AccountRef,
  to: AccountRef,
  amount: number,
): Promise<string> {
  return engine.startWorkflow(TCC_TRANSFER, gid, { from, to, amount } satisfies TransferInput);
}
