import type { Store } from '../../store/store-port.js';
import type { WorkflowChange } from './workflow-writer.js';
import type { WorkflowSnapshot } from './workflow-snapshot.js';

/**
 * The work change that makes a parked workflow run now: none when a run holds its work item (that
 * run sees the change when it parks) or the item is already due; otherwise a new item due now.
 */
export async function wakeNow(
  store: Store,
  executionArn: string,
  snapshot: WorkflowSnapshot,
  now: number,
): Promise<WorkflowChange['work']> {
  if (snapshot.workId === null) return { dueAt: now };
  const item = (await store.listWork(executionArn)).find((candidate) => candidate.id === snapshot.workId);
  if (!item) return { dueAt: now };
  if (item.owner !== null && item.leaseUntil !== null && item.leaseUntil > now) return undefined;
  if (item.dueAt <= now) return undefined;
  return { dueAt: now };
}
