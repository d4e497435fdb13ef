import { redriveProblem } from '../core/interpreter/redrive.js';
import type { Snapshot } from '../core/interpreter/snapshot.js';
import type { ExecutionRecord } from '../store/store-port.js';
import { isWorkflowSnapshotText } from './workflow/workflow-snapshot.js';

/** Why a code workflow cannot be redriven (its definition names a function, not states to resume). */
export const WORKFLOW_REASON =
  'it is a code-first workflow execution, whose outcome is final once it has ended (its compensations or ' +
  'confirmations have run, or it was stopped); start the workflow again under a new gid';

/** The redrive members of DescribeExecution (`redriveDate` is epoch ms here; the API converts it). */
export interface ExecutionRedriveStatus {
  redriveCount: number;
  redriveDate?: number;
  redriveStatus: 'REDRIVABLE' | 'NOT_REDRIVABLE';
  redriveStatusReason?: string;
}

/** Whether the execution can be redriven at `now` (the engine clock), and why not, as AWS words it. */
export function redriveStatusOf(record: ExecutionRecord, now: number): ExecutionRedriveStatus {
  if (isWorkflowSnapshotText(record.snapshot)) {
    return { redriveCount: 0, redriveStatus: 'NOT_REDRIVABLE', redriveStatusReason: WORKFLOW_REASON };
  }
  const snapshot = JSON.parse(record.snapshot) as Snapshot;
  // The row's status is authoritative; the snapshot's stop time falls back on the row's.
  const problem = redriveProblem(
    { ...snapshot, status: record.status },
    now,
    snapshot.stopTime ?? record.stopDate ?? undefined,
  );
  return {
    redriveCount: snapshot.redriveCount ?? 0,
    ...(snapshot.redriveTime !== undefined ? { redriveDate: snapshot.redriveTime } : {}),
    ...(problem === undefined
      ? { redriveStatus: 'REDRIVABLE' as const }
      : { redriveStatus: 'NOT_REDRIVABLE' as const, redriveStatusReason: problem }),
  };
}
