import type { ExecutionRecord, ExecutionStatus } from '../../store/store-port.js';
import type { PlannedOperation, RecordedOutcome, WorkflowPhase, WorkflowSnapshot } from './workflow-snapshot.js';

/** What `engine.describeWorkflow` tells: where a workflow stands and why it may be stuck. */
export interface WorkflowProgress {
  executionArn: string;
  gid: string;
  workflow: string;
  status: ExecutionStatus;
  phase: WorkflowPhase;
  /** Failed runs in a row (errors other than business failures); the backoff grows with it. */
  attempts: number;
  totalFailedRuns: number;
  lastError?: { error: string; cause: string; at: number };
  /** When it runs next (absent while a run holds it, or while it waits for a signal without timeout). */
  nextRunAt?: number;
  /** Phase two's operations in order, each with whether it has run. */
  plan: (PlannedOperation & { done: boolean })[];
  /** Recorded outcomes by `<name>/<op>`. */
  records: Record<string, RecordedOutcome>;
}

export function workflowProgress(record: ExecutionRecord, snapshot: WorkflowSnapshot): WorkflowProgress {
  return {
    executionArn: record.executionArn,
    gid: record.name,
    workflow: snapshot.workflow,
    status: record.status,
    phase: snapshot.phase,
    attempts: snapshot.attempts,
    totalFailedRuns: snapshot.totalFailedRuns,
    ...(snapshot.lastError ? { lastError: snapshot.lastError } : {}),
    ...(snapshot.nextRunAt === undefined ? {} : { nextRunAt: snapshot.nextRunAt }),
    plan: (snapshot.plan ?? []).map((planned) => ({
      ...planned,
      done: snapshot.records[`${planned.branch}/${planned.op}`] !== undefined,
    })),
    records: snapshot.records,
  };
}
