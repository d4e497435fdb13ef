import type { BranchContext, BranchOp, BranchType, FinishInfo } from './workflow-types.js';
import type { OperationTracker } from './operation-tracker.js';
import type { PlannedOperation } from './workflow-snapshot.js';
import type { WorkflowWriter } from './workflow-writer.js';

/** Options of a registered workflow, resolved once. */
export interface ResolvedWorkflowOptions {
  readonly retry: { readonly initialMs: number; readonly maxMs: number; readonly factor: number };
  readonly ongoingIntervalMs: number;
  readonly httpTimeoutMs: number;
  readonly fetch: typeof fetch | undefined;
}

/** A phase-two operation of a branch, as this run registered it. */
export interface PhaseTwoHandler {
  readonly op: PlannedOperation['op'];
  readonly run: (ctx: BranchContext) => Promise<unknown>;
}

/** A branch as this run registered it (in invocation order), with its phase-two handlers. */
export interface RegisteredBranch {
  readonly name: string;
  readonly type: BranchType;
  readonly forwardOp: Extract<BranchOp, 'action' | 'try'>;
  readonly onCommit?: PhaseTwoHandler;
  readonly onRollback?: PhaseTwoHandler;
  /** Roll it back also when its forward op failed for business reasons. */
  readonly rollbackWhenFailed: boolean;
}

/** What the operations of one run of a workflow share. */
export interface RunScope {
  readonly gid: string;
  readonly workflow: string;
  readonly executionArn: string;
  readonly writer: WorkflowWriter;
  readonly tracker: OperationTracker;
  /** The outcome is decided: the function only replays (to register phase-two handlers); nothing new runs. */
  readonly decided: boolean;
  readonly signal: AbortSignal;
  readonly options: ResolvedWorkflowOptions;
  readonly now: () => number;
  readonly names: Set<string>;
  readonly branches: RegisteredBranch[];
  readonly finishHooks: ((info: FinishInfo) => Promise<void> | void)[];
  /** Per-run counters that number unnamed sleeps and repeated waits for a signal. */
  readonly counters: Map<string, number>;
  /** Set when this run recorded something new. */
  progressed: boolean;
}

export function branchContext(
  scope: RunScope,
  branchId: string,
  transType: BranchContext['transType'],
  op: BranchOp,
): BranchContext {
  return {
    gid: scope.gid,
    workflow: scope.workflow,
    branchId,
    transType,
    op,
    idempotencyKey: `${scope.gid}/${branchId}/${op}`,
    signal: scope.signal,
  };
}

/** The next number of `counter` in this run: 1, 2, ... (deterministic when the function is). */
export function nextCount(scope: RunScope, counter: string): number {
  const count = (scope.counters.get(counter) ?? 0) + 1;
  scope.counters.set(counter, count);
  return count;
}
