import type { Json } from '../../core/json.js';
import { BranchOngoingError, describeError } from './business-error.js';
import type { Wait } from './operation-tracker.js';
import type { RegisteredBranch, RunScope } from './run-scope.js';
import { backoffMs } from './workflow-backoff.js';
import { encoded, eventDraft, type EventDraft } from './workflow-events.js';
import type { WorkflowChange } from './workflow-writer.js';
import { recordKey, undeliveredSignal, type PlannedOperation, type WorkflowSnapshot } from './workflow-snapshot.js';

/** The run parks the workflow: it runs again at the earliest wait's time, at once if an awaited signal came. */
export async function parkWorkflow(scope: RunScope, waits: readonly Wait[]): Promise<void> {
  await scope.writer.change((snapshot, now) => {
    const signals = [...new Set(waits.flatMap((wait) => (wait.signal === undefined ? [] : [wait.signal])))];
    const arrived = signals.some((name) => undeliveredSignal(snapshot, name) !== undefined);
    const times = waits.flatMap((wait) => (wait.dueAt === undefined ? [] : [wait.dueAt]));
    const dueAt = arrived ? now : times.length > 0 ? Math.min(...times) : undefined;
    snapshot.attempts = 0;
    return {
      events: [eventDraft('WorkflowWaiting', { until: dueAt, signals: signals.length > 0 ? signals : undefined })],
      work: dueAt === undefined ? 'none' : { dueAt },
    };
  });
}

/** The run failed with an error other than a business failure: try again later (fixed interval for 425). */
export async function retryLater(scope: RunScope, error: unknown, failed?: PlannedOperation): Promise<void> {
  const { error: name, cause } = describeError(error);
  await scope.writer.change((snapshot, now) => {
    snapshot.attempts = scope.progressed ? 1 : snapshot.attempts + 1;
    snapshot.totalFailedRuns += 1;
    snapshot.lastError = { error: name, cause, at: now };
    const delay =
      error instanceof BranchOngoingError
        ? scope.options.ongoingIntervalMs
        : backoffMs(scope.options.retry, snapshot.attempts);
    const retryAt = now + delay;
    const common = { error: name, cause, attempt: snapshot.attempts, retryAt };
    const event = failed
      ? eventDraft('PhaseTwoOperationFailed', { branch: failed.branch, op: failed.op, ...common })
      : eventDraft('WorkflowAttemptFailed', common);
    return { events: [event], work: { dueAt: retryAt } };
  });
}

/** The plan of phase two: the branches' commit or rollback operations, in reverse order of registration. */
export function planPhaseTwo(
  snapshot: WorkflowSnapshot,
  branches: readonly RegisteredBranch[],
  commit: boolean,
): PlannedOperation[] {
  const plan: PlannedOperation[] = [];
  for (const branch of [...branches].reverse()) {
    const outcome = snapshot.records[recordKey(branch.name, branch.forwardOp)];
    const handler = commit ? branch.onCommit : branch.onRollback;
    if (!handler) continue;
    // Rolling back also covers a branch whose outcome is unknown (its action may have taken effect).
    const included = commit ? outcome?.ok === true : outcome === undefined || outcome.ok || branch.rollbackWhenFailed;
    if (included) plan.push({ branch: branch.name, type: branch.type, op: handler.op });
  }
  return plan;
}

/**
 * Records the outcome of the workflow function and the plan of phase two. When phase two has nothing
 * to run and no `onFinish` hook waits, the same commit ends the execution (one commit fewer: a saga
 * that commits has no phase-two operation).
 */
export async function decideOutcome(scope: RunScope, result: { value: Json } | { error: unknown }): Promise<void> {
  await scope.writer.change((snapshot) => {
    if (snapshot.phase !== 'running') return undefined;
    snapshot.attempts = 0;
    let decided: EventDraft;
    if ('value' in result) {
      const plan = planPhaseTwo(snapshot, scope.branches, true);
      snapshot.phase = 'committing';
      snapshot.plan = plan;
      snapshot.result = result.value;
      decided = eventDraft('CommitStarted', { plan: encoded(plan as unknown as Json) });
    } else {
      const plan = planPhaseTwo(snapshot, scope.branches, false);
      const reason = describeError(result.error);
      snapshot.phase = 'rolling-back';
      snapshot.plan = plan;
      snapshot.reason = reason;
      decided = eventDraft('CompensationStarted', { ...reason, plan: encoded(plan as unknown as Json) });
    }
    const ending = snapshot.plan.length === 0 && scope.finishHooks.length === 0 ? endingOf(snapshot) : undefined;
    if (!ending) return { events: [decided] };
    return { ...ending, events: [decided, ...ending.events] };
  });
}

/** Ends the execution: SUCCEEDED with the function's result, or FAILED with its business failure. */
export async function finishWorkflow(scope: RunScope): Promise<void> {
  await scope.writer.change(endingOf);
}

/** The change that ends a decided workflow (mutating its phase), or undefined when it is not decided. */
function endingOf(snapshot: WorkflowSnapshot): WorkflowChange | undefined {
  if (snapshot.phase === 'committing') {
    snapshot.phase = 'succeeded';
    const output = snapshot.result ?? null;
    return {
      events: [eventDraft('ExecutionSucceeded', { output: encoded(output) })],
      finish: { status: 'SUCCEEDED', output },
    };
  }
  if (snapshot.phase !== 'rolling-back') return undefined;
  snapshot.phase = 'failed';
  const reason = snapshot.reason ?? { error: 'BusinessError', cause: '' };
  return { events: [eventDraft('ExecutionFailed', reason)], finish: { status: 'FAILED', ...reason } };
}
