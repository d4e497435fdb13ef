import type { ExecutionEvent } from '../core/interpreter/execution-event.js';
import type { Snapshot } from '../core/interpreter/snapshot.js';
import { UnwindError } from '../core/unwind-error.js';
import type { ExecutionRecord, Store } from '../store/store-port.js';
import { redriveStatusOf, WORKFLOW_REASON } from './redrive-status.js';
import { isWorkflowSnapshotText } from './workflow/workflow-snapshot.js';

/**
 * RedriveExecution refused: the execution is RUNNING or SUCCEEDED, ended too long ago, or ended in a
 * way that cannot be redriven. The API answers it as `ExecutionNotRedrivable`.
 */
export class ExecutionNotRedrivableError extends UnwindError {
  readonly apiErrorCode = 'ExecutionNotRedrivable';

  constructor(
    readonly executionArn: string,
    readonly reason: string,
  ) {
    super('ExecutionNotRedrivable', `Execution cannot be redriven: ${reason}: ${executionArn}`);
    this.name = 'ExecutionNotRedrivableError';
  }
}

export interface RedriveDependencies {
  store: Store;
  /** The engine clock (epoch ms). */
  now: () => number;
  /** Feeds the event to the execution through the engine's commit path; false when it did not apply. */
  apply: (event: ExecutionEvent) => Promise<boolean>;
}

export { WORKFLOW_REASON } from './redrive-status.js';

function snapshotOf(record: ExecutionRecord): Snapshot {
  return JSON.parse(record.snapshot) as Snapshot;
}

/** The answer to a repeated request: the last redrive carried the same client token. */
function repeatedRedrive(
  record: ExecutionRecord,
  clientToken: string | undefined,
): { redriveDate: number } | undefined {
  if (clientToken === undefined) return undefined;
  const snapshot = snapshotOf(record);
  if (snapshot.redriveClientToken !== clientToken || snapshot.redriveTime === undefined) return undefined;
  return { redriveDate: snapshot.redriveTime };
}

async function existing(store: Store, executionArn: string): Promise<ExecutionRecord> {
  const record = await store.getExecution(executionArn);
  if (!record) throw new UnwindError('ExecutionDoesNotExist', `Execution does not exist: ${executionArn}`);
  return record;
}

/** Checks, then commits the redrive (optimistic version check, as every transition); its date in epoch ms. */
export async function redriveExecution(
  executionArn: string,
  clientToken: string | undefined,
  dependencies: RedriveDependencies,
): Promise<{ redriveDate: number }> {
  const { store, now, apply } = dependencies;
  const before = await existing(store, executionArn);
  if (isWorkflowSnapshotText(before.snapshot)) throw new ExecutionNotRedrivableError(executionArn, WORKFLOW_REASON);
  const repeated = repeatedRedrive(before, clientToken);
  if (repeated) return repeated;
  const status = redriveStatusOf(before, now());
  if (status.redriveStatusReason !== undefined) {
    throw new ExecutionNotRedrivableError(executionArn, status.redriveStatusReason);
  }
  const applied = await apply({ type: 'RedriveExecution', ...(clientToken !== undefined ? { clientToken } : {}) });
  const after = await existing(store, executionArn);
  const answer = repeatedRedrive(after, clientToken);
  if (answer) return answer;
  const redriveTime = snapshotOf(after).redriveTime;
  if (applied && redriveTime !== undefined) return { redriveDate: redriveTime };
  // Something else changed the execution in between (e.g. a concurrent redrive): say why now.
  const reason = redriveStatusOf(after, now()).redriveStatusReason ?? 'the execution changed meanwhile';
  throw new ExecutionNotRedrivableError(executionArn, reason);
}
