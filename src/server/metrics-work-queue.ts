import type { Store } from '../store/store-port.js';

/** The store methods the work-queue reading needs. */
export type WorkQueueStore = Pick<Store, 'listUnfinishedExecutions' | 'countDueWork'>;

export interface WorkQueueReading {
  /** Executions whose status is RUNNING, in every process on this database. */
  runningExecutions: number;
  /** Work items due at `now` and not leased (lease absent or expired): waiting to be claimed. */
  dueUnleasedWork: number;
}

/** Reads the queue from the store at scrape time: two queries, whatever the number of executions. */
export async function readWorkQueue(store: WorkQueueStore, now: number): Promise<WorkQueueReading> {
  const [running, dueUnleasedWork] = await Promise.all([store.listUnfinishedExecutions(), store.countDueWork(now)]);
  return { runningExecutions: running.length, dueUnleasedWork };
}
