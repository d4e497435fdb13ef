import { redriveProblem } from '../core/interpreter/redrive.js';
import type { Snapshot } from '../core/interpreter/snapshot.js';
import type { ExecutionRecord } from '../store/store-port.js';

/** The redrive members of DescribeExecution (`redriveDate` is epoch ms here; the API converts it). */
export interface ExecutionRedriveStatus {
  redriveCount: number;
  redriveDate?: number;
  redriveStatus: 'REDRIVABLE' | 'NOT_REDRIVABLE';
  redriveStatusReason?: string;
}

/** Whether the execution can be redriven at `now` (the engine clock), and why not, as AWS words it. */
export function redriveStatusOf(record: ExecutionRecord, now: number): ExecutionRedriveStatus {
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
