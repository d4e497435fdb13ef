import type { Engine, WorkflowContext, WorkflowOptions } from '../../src/index.js';
import {
  bankApi,
  type AccountRef,
  type BankDirectory,
  type TransferInput,
  type TransferOutput,
} from './transfer-types.js';

/** The name the saga transfer is registered under. */
export const SAGA_TRANSFER = 'saga-transfer';

/**
 * The same transfer as a saga (for comparison; see README.md): the debit takes the money at once, the
 * credit gives it at once, and a rollback compensates what was done (refund the payer, take the credit
 * back). Between an action and its compensation every reader sees, and can spend, money whose transfer
 * is later undone: the anomaly that TCC's frozen funds avoid.
 */
export async function sagaTransfer(
  wf: WorkflowContext,
  input: TransferInput,
  banks: BankDirectory,
): Promise<TransferOutput> {
  const debit = (): Promise<unknown> => sagaBranch(wf, banks, 'debit', 'SagaTransOut', input.from, input.amount);
  const credit = (): Promise<unknown> => sagaBranch(wf, banks, 'credit', 'SagaTransIn', input.to, input.amount);
  if (input.concurrent) {
    await Promise.all([debit(), credit()]);
  } else {
    await debit();
    await credit();
  }
  return { from: input.from, to: input.to, amount: input.amount };
}

function sagaBranch(
  wf: WorkflowContext,
  banks: BankDirectory,
  name: string,
  route: 'SagaTransOut' | 'SagaTransIn',
  ref: AccountRef,
  amount: number,
): Promise<unknown> {
  const api = bankApi(banks, ref.bank);
  const body = { account: ref.account, amount };
  return wf.saga(name, {
    action: { url: `${api}/${route}`, body },
    compensate: { url: `${api}/${route}Compensate`, body },
    compensateOnFailure: true,
  });
}

/** Registers the saga transfer on an engine. */
export function registerSagaTransfer(engine: Engine, banks: BankDirectory, options?: WorkflowOptions): void {
  engine.registerWorkflow<TransferInput, TransferOutput>(
    SAGA_TRANSFER,
    (wf, input) => sagaTransfer(wf, input, banks),
    options,
  );
}
