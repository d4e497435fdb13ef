import { WorkflowUsageError } from './business-error.js';
import { asRecorded } from './recorded-operation.js';
import { branchContext, type RunScope } from './run-scope.js';
import { retryLater } from './run-endings.js';
import { encoded, eventDraft, type WorkflowEventType } from './workflow-events.js';
import { recordKey, type PlannedOperation } from './workflow-snapshot.js';

const EVENT_OF: Record<PlannedOperation['op'], WorkflowEventType> = {
  confirm: 'ConfirmSucceeded',
  cancel: 'CancelSucceeded',
  compensate: 'CompensationSucceeded',
  commit: 'XaCommitted',
  rollback: 'XaRolledBack',
};

/**
 * Runs the planned phase-two operations that are not recorded yet, one after the other, recording
 * each. They must not fail for business reasons: any error ends the run and it is retried later.
 * True when all have run.
 */
export async function runPhaseTwo(scope: RunScope): Promise<boolean> {
  const committing = scope.writer.snapshot.phase === 'committing';
  for (const planned of scope.writer.snapshot.plan ?? []) {
    const key = recordKey(planned.branch, planned.op);
    if (scope.writer.snapshot.records[key]) continue;
    if (scope.signal.aborted) return false;
    const branch = scope.branches.find((candidate) => candidate.name === planned.branch);
    const handler = committing ? branch?.onCommit : branch?.onRollback;
    try {
      if (!handler || handler.op !== planned.op) {
        throw new WorkflowUsageError(
          `workflow '${scope.workflow}' did not declare ${planned.type} branch '${planned.branch}' on this run, so its ${planned.op} cannot run: a workflow function must declare the same branches on every run`,
        );
      }
      const output = asRecorded(
        await handler.run(branchContext(scope, planned.branch, planned.type, planned.op)),
        `${planned.op} of '${planned.branch}'`,
      );
      await scope.writer.change((snapshot) => {
        if (snapshot.records[key]) return undefined;
        snapshot.records[key] = output === undefined ? { ok: true } : { ok: true, output };
        const details = { branch: planned.branch, branchType: planned.type, op: planned.op, output: encoded(output) };
        return { events: [eventDraft(EVENT_OF[planned.op], details)] };
      });
      scope.progressed = true;
    } catch (error) {
      if (scope.signal.aborted) return false;
      await retryLater(scope, error, planned);
      return false;
    }
  }
  return true;
}
