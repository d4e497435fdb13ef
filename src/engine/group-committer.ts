import type { CommitOutcome, Store, TransitionCommit } from '../store/store-port.js';
import { safeObserver, type SafeEngineObserver } from './engine-observer.js';

interface PendingCommit {
  commit: TransitionCommit;
  resolve: (outcome: CommitOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * Batches the transitions of many executions into one database transaction.
 * Commits submitted while a batch is being written wait for the next batch, so the
 * batch size grows with load and throughput is not capped at one fsync per transition.
 */
export class GroupCommitter {
  private waiting: PendingCommit[] = [];
  private writing = 0;
  private scheduled = false;
  /** Counters for benchmarks: database transactions and transitions written. */
  batches = 0;
  commits = 0;

  /**
   * `concurrency` batches may be written at once (PostgreSQL overlaps their round trips; a
   * synchronous store such as SQLite writes them one after the other anyway). Batches never
   * conflict with each other: an execution has one transition in flight at a time.
   */
  constructor(
    private readonly store: Store,
    private readonly maxBatch: number,
    private readonly concurrency = 1,
    private readonly observer: SafeEngineObserver = safeObserver(),
    private readonly now: () => number = () => performance.now(),
  ) {}

  submit(commit: TransitionCommit): Promise<CommitOutcome> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ commit, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.writing >= this.concurrency || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => void this.write());
  }

  private async write(): Promise<void> {
    this.scheduled = false;
    this.writing += 1;
    const batch = this.waiting.splice(0, this.maxBatch);
    try {
      const startedAt = this.now();
      const outcomes = await this.store.commitTransitions(batch.map((pending) => pending.commit));
      this.batches += 1;
      this.commits += batch.length;
      this.observer.commitBatch(batch.length, this.now() - startedAt);
      this.observer.transitionCommitted(outcomes.filter((outcome) => outcome === 'ok').length);
      batch.forEach((pending, i) => pending.resolve(outcomes[i] ?? 'conflict'));
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    } finally {
      this.writing -= 1;
      if (this.waiting.length > 0) this.schedule();
    }
  }
}
