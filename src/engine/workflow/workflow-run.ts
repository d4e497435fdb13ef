import { isBusinessError } from './business-error.js';
import { OperationTracker, type RunEnd } from './operation-tracker.js';
import { asRecorded } from './recorded-operation.js';
import type { ResolvedWorkflowOptions, RunScope } from './run-scope.js';
import { decideOutcome, finishWorkflow, parkWorkflow, retryLater } from './run-endings.js';
import { runPhaseTwo } from './phase-two.js';
import { createWorkflowContext } from './workflow-context.js';
import type { WorkflowContext } from './workflow-types.js';
import type { WorkflowWriter } from './workflow-writer.js';

/** A workflow function as the registry keeps it (its input type is the caller's business). */
export type StoredWorkflowFunction = (wf: WorkflowContext, input: never) => Promise<unknown>;

export interface RegisteredWorkflow {
  readonly name: string;
  readonly fn: StoredWorkflowFunction;
  readonly options: ResolvedWorkflowOptions;
}

export interface RunRequest {
  writer: WorkflowWriter;
  workflow: RegisteredWorkflow;
  gid: string;
  signal: AbortSignal;
  now: () => number;
}

function aborted(signal: AbortSignal): Promise<'aborted'> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve('aborted');
    else signal.addEventListener('abort', () => resolve('aborted'), { once: true });
  });
}

/**
 * One run of a workflow: the function runs from the top, replaying what is recorded. It then parks
 * (waiting for a time or a signal), is retried later (an error other than a business failure), or
 * its outcome is decided and phase two runs: confirm/commit on return, compensate/cancel/rollback on
 * a business failure, in reverse order of registration. A run of a decided workflow replays the
 * function only to learn the phase-two handlers. An aborted run (the engine stops) writes nothing more.
 */
export async function runWorkflow(request: RunRequest): Promise<void> {
  const { writer, workflow, signal } = request;
  const decided = writer.snapshot.phase !== 'running';
  const scope: RunScope = {
    gid: request.gid,
    workflow: workflow.name,
    executionArn: writer.executionArn,
    writer,
    tracker: new OperationTracker(decided),
    decided,
    signal,
    options: workflow.options,
    now: request.now,
    names: new Set(),
    branches: [],
    finishHooks: [],
    counters: new Map(),
    progressed: false,
  };
  let fn: Promise<unknown>;
  try {
    fn = workflow.fn(createWorkflowContext(scope), writer.input as never);
  } catch (error) {
    fn = Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
  const end = await Promise.race([scope.tracker.watch(fn), aborted(signal)]);
  scope.tracker.close();
  if (end === 'aborted') return;
  if (!decided && !(await settleOutcome(scope, end))) return;
  // Ended already: by the decision itself (nothing to run in phase two), or stopped meanwhile.
  if (!writer.running || signal.aborted || !(await runPhaseTwo(scope))) return;
  const committed = writer.snapshot.phase === 'committing';
  try {
    for (const hook of scope.finishHooks) await hook({ gid: scope.gid, workflow: scope.workflow, committed });
  } catch (error) {
    if (!signal.aborted) await retryLater(scope, error);
    return;
  }
  if (!signal.aborted) await finishWorkflow(scope);
}

/** Parks, retries or decides after the function of an undecided workflow ran; true when decided. */
async function settleOutcome(scope: RunScope, end: RunEnd): Promise<boolean> {
  if (end.kind === 'quiescent') {
    await parkWorkflow(scope, end.waits);
    return false;
  }
  if (end.kind === 'threw') {
    if (!isBusinessError(end.error)) {
      await retryLater(scope, end.error);
      return false;
    }
    await decideOutcome(scope, { error: end.error });
    return true;
  }
  let value;
  try {
    value = asRecorded(end.value, `workflow '${scope.workflow}'`) ?? null;
  } catch (error) {
    await retryLater(scope, error);
    return false;
  }
  await decideOutcome(scope, { value });
  return true;
}
