import { checkBranchIdentity, forwardOpOf, type BranchIdentity, type BranchOp } from './barrier-identity.js';

/** One barrier row's key: the branch identity plus the number of the barrier call within the request. */
export interface BarrierRowKey extends BranchIdentity {
  readonly barrierId: string;
}

/**
 * The barrier of one incoming branch request. Make a new one per request (`barrierFromQuery`,
 * `barrierFromTaskContext` or `createBranchBarrier`): every adapter `call...Barrier(barrier, ...)` takes the
 * next barrier id, `01`, `02`, ..., as DTM does, so one handler may guard several local transactions
 * (two databases, say). The k-th call of a compensation pairs with the k-th call of its forward op, so
 * call the barriers in the same order in both; a redelivered request starts again at `01`.
 */
export class BranchBarrier {
  readonly identity: BranchIdentity;
  private calls = 0;

  constructor(identity: BranchIdentity) {
    this.identity = checkBranchIdentity(identity);
  }

  /** The key of the next barrier call of this request (`01` first). */
  nextRowKey(): BarrierRowKey {
    this.calls += 1;
    return { ...this.identity, barrierId: String(this.calls).padStart(2, '0') };
  }
}

/** A barrier for a branch identity given in code; every field is checked. */
export function createBranchBarrier(identity: BranchIdentity): BranchBarrier {
  return new BranchBarrier(identity);
}

/** The rows one barrier call inserts: its forward op's row first (compensating ops only), then its own. */
export interface BarrierRows {
  /** The forward op's row, inserted with reason = the compensating op (fences a late forward op). */
  readonly forward: { readonly op: BranchOp; readonly reason: BranchOp } | undefined;
  readonly current: { readonly op: BranchOp; readonly reason: BranchOp };
}

export function barrierRows(key: BarrierRowKey): BarrierRows {
  const forwardOp = forwardOpOf(key.op);
  return {
    forward: forwardOp === undefined ? undefined : { op: forwardOp, reason: key.op },
    current: { op: key.op, reason: key.op },
  };
}
