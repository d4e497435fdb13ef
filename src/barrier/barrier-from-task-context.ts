import type { TaskContext } from '../engine/task-handler.js';
import type { BranchOp, TransType } from './barrier-identity.js';
import { checkBranchIdentity } from './barrier-identity.js';
import { BranchBarrier } from './branch-barrier.js';

export interface TaskBarrierOptions {
  /** The operation this handler performs: `action` for a forward step, `compensate` for its undo, ... */
  op: BranchOp;
  /** Default `saga`. */
  transType?: TransType;
  /**
   * The branch: default the state name. A compensation state names its forward state here (the
   * `CancelHotel` handler passes `branchId: 'ReserveHotel'` with `op: 'compensate'`), so both share one
   * barrier key. A state that runs more than once per execution (inside a Map) adds what tells the runs
   * apart, e.g. `` `${ctx.stateName}-${input.index}` ``.
   */
  branchId?: string;
  /** The global transaction id: default the execution ARN (unique across state machines). */
  gid?: string;
}

/**
 * The barrier of a local Unwind task handler, from its TaskContext: gid = `ctx.executionArn`,
 * branch_id = `ctx.stateName` (or `options.branchId`). Both are the same on every delivery of the step,
 * Retry attempts included, which is what a barrier key needs: a retry after a lost success is a
 * duplicate, a retry after a failure (rolled back with its barrier row) runs again.
 * `ctx.idempotencyKey` is deliberately not part of the key: it changes with each Retry attempt.
 */
export function barrierFromTaskContext(
  ctx: Pick<TaskContext, 'executionArn' | 'stateName'>,
  options: TaskBarrierOptions,
): BranchBarrier {
  const identity = checkBranchIdentity({
    transType: options.transType ?? 'saga',
    gid: options.gid ?? ctx.executionArn,
    branchId: options.branchId ?? ctx.stateName,
    op: options.op,
  });
  return new BranchBarrier(identity);
}
