/**
 * What a barrier call did:
 * - `executed`: the business ran (and committed with the barrier row);
 * - `duplicate`: this branch op already ran (or is recorded as run); the business was skipped;
 * - `null-compensation`: a compensating op whose forward op never ran; the business was skipped and the
 *   forward op is now fenced, so a late delivery of it becomes `hanging`;
 * - `hanging`: a forward op arriving after its compensation; the business was skipped.
 * Every outcome is a success for the caller (answer HTTP 200).
 */
export type BarrierOutcome = 'executed' | 'duplicate' | 'null-compensation' | 'hanging';

export type BarrierResult<T> =
  | { readonly outcome: 'executed'; readonly barrierId: string; readonly value: T }
  | {
      readonly outcome: 'duplicate' | 'null-compensation' | 'hanging';
      readonly barrierId: string;
      readonly value: undefined;
    };

/** What the two insert-or-ignores of a barrier call found. */
export interface BarrierInsertResults {
  /** The forward op's row was inserted by this call (undefined: the op is not a compensating one). */
  readonly forwardInserted: boolean | undefined;
  readonly currentInserted: boolean;
  /**
   * When the current row already existed: its reason, i.e. the op that inserted it. A forward op's row
   * whose reason is another op was put there by the compensation: the forward op is hanging.
   */
  readonly existingReason: string | undefined;
}

/** DTM's rule, as a pure decision: null compensation first, then duplicate or hanging, else execute. */
export function decideBarrierOutcome(op: string, inserts: BarrierInsertResults): BarrierOutcome {
  if (inserts.forwardInserted === true) return 'null-compensation';
  if (inserts.currentInserted) return 'executed';
  const insertedByCompensation = inserts.existingReason !== undefined && inserts.existingReason !== op;
  return insertedByCompensation ? 'hanging' : 'duplicate';
}

export function skipped(outcome: Exclude<BarrierOutcome, 'executed'>, barrierId: string): BarrierResult<never> {
  return { outcome, barrierId, value: undefined };
}

export function executed<T>(barrierId: string, value: T): BarrierResult<T> {
  return { outcome: 'executed', barrierId, value };
}
