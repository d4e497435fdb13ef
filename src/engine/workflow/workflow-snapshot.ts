import type { Json } from '../../core/json.js';
import type { BranchType } from './workflow-types.js';

/** A recorded outcome: a result replayed as is, or a business failure replayed as a BusinessError. */
export type RecordedOutcome = { ok: true; output?: Json } | { ok: false; error: string; cause: string };

/** `aborted`: StopExecution ended it where it stood; phase two did not run (docs/workflows.md). */
export type WorkflowPhase = 'running' | 'committing' | 'rolling-back' | 'succeeded' | 'failed' | 'aborted';

/** One phase-two operation, in the order it runs. */
export interface PlannedOperation {
  branch: string;
  type: BranchType;
  op: 'confirm' | 'cancel' | 'compensate' | 'commit' | 'rollback';
}

/** A signal sent to the workflow; delivered to the first `waitForSignal(name)` that has not had one. */
export interface ReceivedSignal {
  seq: number;
  name: string;
  payload: Json;
  at: number;
}

/** The progress of a code workflow, stored as the execution's snapshot (JSON). */
export interface WorkflowSnapshot {
  format: 'unwind-code-workflow/1';
  workflow: string;
  phase: WorkflowPhase;
  /** Id of the last history event written (events are numbered from 1). */
  lastEventId: number;
  /** Outcomes by key `<name>/<op>` (steps: `<name>/action`). */
  records: Record<string, RecordedOutcome>;
  /** Set once the function has returned or failed for business reasons: what phase two runs, in order. */
  plan?: PlannedOperation[];
  /** The workflow function's result (when committing) or the business failure (when rolling back). */
  result?: Json;
  reason?: { error: string; cause: string };
  signals: ReceivedSignal[];
  /** Runs that ended with an error other than a business failure, since the last run that made progress. */
  attempts: number;
  /** Runs that ended with such an error, in total. */
  totalFailedRuns: number;
  lastError?: { error: string; cause: string; at: number };
  /** When the workflow runs next, when it is waiting (absent while a run holds it or a signal is awaited). */
  nextRunAt?: number;
  /** The work item that runs it next, if any. */
  workId: string | null;
  /** Work items made so far (their ids are numbered). */
  runSeq: number;
}

export function initialSnapshot(workflow: string): WorkflowSnapshot {
  return {
    format: 'unwind-code-workflow/1',
    workflow,
    phase: 'running',
    lastEventId: 0,
    records: {},
    signals: [],
    attempts: 0,
    totalFailedRuns: 0,
    workId: null,
    runSeq: 0,
  };
}

export function parseWorkflowSnapshot(text: string): WorkflowSnapshot {
  const parsed = JSON.parse(text) as Partial<WorkflowSnapshot>;
  if (parsed.format !== WORKFLOW_SNAPSHOT_FORMAT) {
    throw new Error('this execution is not a code workflow (its snapshot has another format)');
  }
  return parsed as WorkflowSnapshot;
}

/** The snapshot format marker of a code workflow execution. */
export const WORKFLOW_SNAPSHOT_FORMAT = 'unwind-code-workflow/1';

/**
 * True when a stored snapshot is a code workflow's (not a state machine's): such an execution is run
 * by the workflow runtime, never fed to the ASL interpreter. Cheap for state machines: a substring
 * test, then a parse only when the marker appears.
 */
export function isWorkflowSnapshotText(text: string): boolean {
  if (!text.includes(WORKFLOW_SNAPSHOT_FORMAT)) return false;
  try {
    return (JSON.parse(text) as { format?: unknown }).format === WORKFLOW_SNAPSHOT_FORMAT;
  } catch {
    return false;
  }
}

export function recordKey(name: string, op: string): string {
  return `${name}/${op}`;
}

export function isDecided(snapshot: WorkflowSnapshot): boolean {
  return snapshot.phase !== 'running';
}

/** Seqs of the signals already handed to a wait (each is delivered once). */
export function deliveredSignalSeqs(snapshot: WorkflowSnapshot): Set<number> {
  const seqs = new Set<number>();
  for (const [key, outcome] of Object.entries(snapshot.records)) {
    if (!key.endsWith('/signal') || !outcome.ok) continue;
    const output = outcome.output;
    if (output && typeof output === 'object' && !Array.isArray(output) && typeof output.seq === 'number') {
      seqs.add(output.seq);
    }
  }
  return seqs;
}

/** The first signal `name` not yet delivered, if one has arrived. */
export function undeliveredSignal(snapshot: WorkflowSnapshot, name: string): ReceivedSignal | undefined {
  const delivered = deliveredSignalSeqs(snapshot);
  return snapshot.signals.find((signal) => signal.name === name && !delivered.has(signal.seq));
}
