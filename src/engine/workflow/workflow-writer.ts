import type { Json } from '../../core/json.js';
import type { CommitOutcome, ExecutionRecord, Store, TransitionCommit, WorkItem } from '../../store/store-port.js';
import { numberEvents, type EventDraft } from './workflow-events.js';
import { parseWorkflowSnapshot, type WorkflowSnapshot } from './workflow-snapshot.js';

/** What one change of a workflow writes, besides the snapshot it mutated. */
export interface WorkflowChange {
  events: EventDraft[];
  /** Ends the execution (ABORTED: StopExecution; its error and cause are optional, as AWS's). */
  finish?:
    | { status: 'SUCCEEDED'; output: Json }
    | { status: 'FAILED'; error: string; cause: string }
    | { status: 'ABORTED'; error?: string; cause?: string };
  /** Replaces the workflow's work item: a new one due at `dueAt` (leased to `owner` if given), or none. */
  work?: { dueAt: number; owner?: string; leaseUntil?: number } | 'none';
}

/**
 * Mutates `snapshot` (a private copy of the latest known one) and says what else to write, or
 * returns undefined when there is nothing to write. It may run again on a fresher snapshot after a
 * version conflict, so it must decide from the snapshot it is given.
 */
export type WorkflowChangeFn = (
  snapshot: WorkflowSnapshot,
  now: number,
) => WorkflowChange | undefined | Promise<WorkflowChange | undefined>;

export interface WriterDeps {
  store: Store;
  submit: (commit: TransitionCommit) => Promise<CommitOutcome>;
  now: () => number;
  /** Told about every work item a change inserted. */
  inserted: (item: WorkItem) => void;
  /** Told when a change ended the execution. */
  finished: (executionArn: string, stateMachineArn: string, status: 'SUCCEEDED' | 'FAILED' | 'ABORTED') => void;
}

const MAX_CONFLICTS = 20;

/**
 * Writes a workflow's changes one at a time with the execution's optimistic version; on a
 * conflict (a signal committed meanwhile, say) it reloads the execution and applies the change again.
 */
export class WorkflowWriter {
  private chain: Promise<unknown> = Promise.resolve();
  private stale = false;
  private readonly endedElsewhere = new AbortController();

  constructor(
    private readonly deps: WriterDeps,
    readonly executionArn: string,
    private record: ExecutionRecord,
    private current: WorkflowSnapshot = parseWorkflowSnapshot(record.snapshot),
  ) {}

  static async load(deps: WriterDeps, executionArn: string): Promise<WorkflowWriter | undefined> {
    const record = await deps.store.getExecution(executionArn);
    return record ? new WorkflowWriter(deps, executionArn, record) : undefined;
  }

  /** The latest snapshot this writer knows (read-only: change it through `change`). */
  get snapshot(): WorkflowSnapshot {
    return this.current;
  }

  /**
   * Aborted once this writer learns (on a reload after a version conflict) that someone else ended
   * the execution, e.g. StopExecution from another process: the run holding this writer is over.
   */
  get endedSignal(): AbortSignal {
    return this.endedElsewhere.signal;
  }

  get running(): boolean {
    return this.record.status === 'RUNNING';
  }

  get input(): Json {
    return JSON.parse(this.record.input) as Json;
  }

  /** Applies `fn` and commits; false when there was nothing to write or the execution has ended. */
  change(fn: WorkflowChangeFn): Promise<boolean> {
    const next = this.chain.then(() => this.changeNow(fn));
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async changeNow(fn: WorkflowChangeFn): Promise<boolean> {
    for (let conflicts = 0; conflicts < MAX_CONFLICTS; conflicts++) {
      if (this.stale) await this.reload();
      if (this.record.status !== 'RUNNING') return false;
      const snapshot = structuredClone(this.current);
      const now = this.deps.now();
      const change = await fn(snapshot, now);
      if (!change) return false;
      const { commit, inserted } = this.buildCommit(snapshot, change, now);
      let outcome: CommitOutcome;
      try {
        outcome = await this.deps.submit(commit);
      } catch (error) {
        this.stale = true;
        throw error;
      }
      if (outcome === 'conflict') {
        this.stale = true;
        continue;
      }
      this.current = snapshot;
      this.record = {
        ...this.record,
        ...commit.update,
        snapshot: commit.update.snapshot,
        version: this.record.version + 1,
      };
      for (const item of inserted) this.deps.inserted(item);
      if (change.finish) this.deps.finished(this.executionArn, this.record.stateMachineArn, change.finish.status);
      return true;
    }
    throw new Error(
      `workflow ${this.executionArn} kept changing under this engine (${MAX_CONFLICTS} version conflicts)`,
    );
  }

  private async reload(): Promise<void> {
    const record = await this.deps.store.getExecution(this.executionArn);
    if (!record) throw new Error(`workflow execution ${this.executionArn} no longer exists`);
    this.record = record;
    this.current = parseWorkflowSnapshot(record.snapshot);
    this.stale = false;
    if (record.status !== 'RUNNING') this.endedElsewhere.abort();
  }

  private buildCommit(
    snapshot: WorkflowSnapshot,
    change: WorkflowChange,
    now: number,
  ): { commit: TransitionCommit; inserted: WorkItem[] } {
    const deleteWorkIds: string[] = [];
    const insertWork: WorkItem[] = [];
    if (change.work !== undefined || change.finish) {
      if (snapshot.workId !== null) deleteWorkIds.push(snapshot.workId);
      snapshot.workId = null;
      delete snapshot.nextRunAt;
      if (change.work !== undefined && change.work !== 'none' && !change.finish) {
        snapshot.runSeq += 1;
        const item: WorkItem = {
          id: `${this.executionArn}#workflow-${snapshot.runSeq}`,
          executionArn: this.executionArn,
          kind: 'workflow',
          dueAt: change.work.dueAt,
          payload: JSON.stringify({ run: snapshot.runSeq }),
          owner: change.work.owner ?? null,
          leaseUntil: change.work.leaseUntil ?? null,
        };
        insertWork.push(item);
        snapshot.workId = item.id;
        snapshot.nextRunAt = item.dueAt;
      }
    }
    const events = numberEvents(change.events, snapshot.lastEventId, now);
    snapshot.lastEventId += events.length;
    const finish = change.finish;
    const commit: TransitionCommit = {
      executionArn: this.executionArn,
      expectedVersion: this.record.version,
      update: {
        status: finish?.status ?? 'RUNNING',
        snapshot: JSON.stringify(snapshot),
        output: finish?.status === 'SUCCEEDED' ? JSON.stringify(finish.output) : null,
        error: finish && finish.status !== 'SUCCEEDED' ? (finish.error ?? null) : null,
        cause: finish && finish.status !== 'SUCCEEDED' ? (finish.cause ?? null) : null,
        stopDate: finish ? now : null,
      },
      events,
      deleteWorkIds,
      insertWork,
    };
    return { commit, inserted: insertWork };
  }
}
