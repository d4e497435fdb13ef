import type { Json } from '../../core/json.js';
import { UnwindError } from '../../core/unwind-error.js';
import type { CommitOutcome, ExecutionRecord, TransitionCommit, WorkItem } from '../../store/store-port.js';
import type { ResolvedEngineOptions } from '../engine-options.js';
import { encoded, eventDraft } from './workflow-events.js';
import { WorkflowRegistry } from './workflow-registry.js';
import { runWorkflow } from './workflow-run.js';
import { parseWorkflowSnapshot, type WorkflowSnapshot } from './workflow-snapshot.js';
import { startCommit } from './workflow-start.js';
import type { WorkflowFunction, WorkflowOptions, WorkflowResult } from './workflow-types.js';
import { wakeNow } from './workflow-wake.js';
import { WorkflowWriter, type WriterDeps } from './workflow-writer.js';
import { workflowProgress, type WorkflowProgress } from './workflow-progress.js';

export interface WorkflowRuntimeDeps {
  options: ResolvedEngineOptions;
  submit: (commit: TransitionCommit) => Promise<CommitOutcome>;
  /** Carries out an item this engine holds the lease of. */
  dispatch: (item: WorkItem) => void;
  /** Makes the work loop look for due work again at `dueAt`. */
  wakeAt: (dueAt: number) => void;
}

/**
 * Code-first workflows on the engine's store and work loop: a workflow execution is an ordinary
 * execution row (name = gid) whose snapshot records its progress; each run is a `workflow` work item.
 */
export class WorkflowRuntime {
  private readonly registry = new WorkflowRegistry();
  private readonly savedDefinitions = new Set<string>();
  private readonly active = new Map<string, Promise<void>>();
  private readonly waiters = new Map<string, ((record: ExecutionRecord) => void)[]>();
  private readonly polls = new Set<() => void>();
  private readonly unknownReported = new Set<string>();
  /** The run of each workflow in flight here, to abort it when the workflow is stopped. */
  private readonly runs = new Map<string, AbortController>();
  private readonly writerDeps: WriterDeps;

  constructor(private readonly deps: WorkflowRuntimeDeps) {
    const { options } = deps;
    this.writerDeps = {
      store: options.store,
      submit: deps.submit,
      now: () => options.clock.now(),
      inserted: (item) => (item.owner === options.engineId ? deps.dispatch(item) : deps.wakeAt(item.dueAt)),
      finished: (arn, stateMachineArn, status) => {
        options.observer.executionFinished(stateMachineArn, status);
        void this.notifyFinished(arn);
      },
    };
  }

  register<I, O>(name: string, fn: WorkflowFunction<I, O>, options?: WorkflowOptions): void {
    this.registry.register(name, fn, options);
  }

  /** Creates the execution and starts its first run here; an existing gid is left as it is. */
  async start(name: string, gid: string, input: unknown): Promise<{ executionArn: string; created: boolean }> {
    this.registry.require(name);
    const { options } = this.deps;
    const now = options.clock.now();
    const lease = { owner: options.engineId, leaseUntil: now + options.leaseMs };
    const start = startCommit(options, name, gid, input, now, lease);
    const existing = await options.store.findExecution(gid);
    if (existing) {
      if (existing.executionArn !== start.executionArn) {
        throw new UnwindError(
          'ExecutionAlreadyExists',
          `gid '${gid}' is already used by ${existing.executionArn}; a gid names one global transaction.`,
        );
      }
      return { executionArn: start.executionArn, created: false };
    }
    if (!this.savedDefinitions.has(start.definition.id)) {
      await options.store.saveDefinition({
        ...start.definition,
        stateMachineArn: start.stateMachineArn,
        createdAt: now,
      });
      this.savedDefinitions.add(start.definition.id);
    }
    if ((await this.deps.submit(start.commit)) === 'conflict')
      return { executionArn: start.executionArn, created: false };
    options.observer.executionStarted(start.stateMachineArn);
    this.deps.dispatch(start.item);
    return { executionArn: start.executionArn, created: true };
  }

  /** Runs the workflow to its end (or waits for the existing execution of this gid) and gives its result. */
  async execute<O>(name: string, gid: string, input: unknown): Promise<WorkflowResult<O>> {
    const { executionArn } = await this.start(name, gid, input);
    return this.wait<O>(executionArn);
  }

  /** Resolves with the result once the workflow (ARN or gid) has ended, here or in another process. */
  async wait<O = Json>(arnOrGid: string): Promise<WorkflowResult<O>> {
    const { store } = this.deps.options;
    const found = await store.findExecution(arnOrGid);
    if (!found) throw new UnwindError('ExecutionDoesNotExist', `Workflow execution does not exist: ${arnOrGid}`);
    const arn = found.executionArn;
    const finished = new Promise<ExecutionRecord>((resolve) => {
      this.waiters.set(arn, [...(this.waiters.get(arn) ?? []), resolve]);
    });
    const record = await store.getExecution(arn);
    if (record && record.status !== 'RUNNING') void this.notifyFinished(arn);
    else this.pollUntilFinished(arn);
    return resultOf<O>(await finished);
  }

  /** Commits a signal to the workflow (durable even when no process runs it now) and wakes it. */
  async signal(gid: string, name: string, payload: Json = null): Promise<void> {
    const writer = await this.writerFor(gid);
    if (!writer.running) throw finishedError(gid);
    const written = await writer.change(async (snapshot, now) => {
      const seq = (snapshot.signals.at(-1)?.seq ?? 0) + 1;
      snapshot.signals.push({ seq, name, payload, at: now });
      const work =
        snapshot.phase === 'running'
          ? await wakeNow(this.deps.options.store, writer.executionArn, snapshot, now)
          : undefined;
      return {
        events: [eventDraft('SignalReceived', { name, seq, payload: encoded(payload) })],
        ...(work ? { work } : {}),
      };
    });
    if (!written) throw finishedError(gid);
  }

  /** Makes a waiting workflow (backing off, say, or stuck in phase two) due now; false when a run holds it. */
  async retryNow(gid: string): Promise<boolean> {
    const writer = await this.writerFor(gid);
    if (!writer.running) throw finishedError(gid);
    return writer.change(async (snapshot, now) => {
      const work = await wakeNow(this.deps.options.store, writer.executionArn, snapshot, now);
      return work
        ? { events: [eventDraft('WorkflowRetryRequested', { attempts: snapshot.attempts })], work }
        : undefined;
    });
  }

  /**
   * StopExecution of a workflow: it ends ABORTED where it stands (event `ExecutionAborted`), its work
   * item goes, a run in flight here is aborted (its branch operations see `ctx.signal` aborted) and a
   * run elsewhere stops at its next write. Phase two does not run: nothing is confirmed or compensated
   * (docs/workflows.md). False when it had already ended.
   */
  async abort(arnOrGid: string, error?: string, cause?: string): Promise<boolean> {
    const writer = await this.writerFor(arnOrGid);
    const stopped = await writer.change((snapshot) => {
      const phase = snapshot.phase;
      snapshot.phase = 'aborted';
      const details = {
        error,
        cause,
        phase,
        plan: snapshot.plan ? encoded(snapshot.plan as unknown as Json) : undefined,
      };
      return {
        events: [eventDraft('ExecutionAborted', details)],
        finish: {
          status: 'ABORTED',
          ...(error === undefined ? {} : { error }),
          ...(cause === undefined ? {} : { cause }),
        },
      };
    });
    if (stopped) this.runs.get(writer.executionArn)?.abort();
    return stopped;
  }

  /** Where the workflow stands: phase, attempts, last error, next run, recorded steps. */
  async describe(gid: string): Promise<WorkflowProgress> {
    const record = await this.recordFor(gid);
    return workflowProgress(record, parseWorkflowSnapshot(record.snapshot));
  }

  /** Carries out a `workflow` work item (called by the work loop). */
  async run(item: WorkItem, signal: AbortSignal): Promise<void> {
    const arn = item.executionArn;
    const previous = this.active.get(arn);
    const current = (async () => {
      if (previous) await previous;
      await this.runNow(item, signal);
    })();
    const settled = current.catch(() => undefined);
    this.active.set(arn, settled);
    try {
      await current;
    } finally {
      if (this.active.get(arn) === settled) this.active.delete(arn);
    }
  }

  stop(): void {
    for (const cancel of this.polls) cancel();
    this.polls.clear();
  }

  private async runNow(item: WorkItem, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return;
    const writer = await WorkflowWriter.load(this.writerDeps, item.executionArn);
    if (!writer) return;
    const snapshot: WorkflowSnapshot = writer.snapshot;
    if (!writer.running || snapshot.workId !== item.id) return;
    const workflow = this.registry.get(snapshot.workflow);
    if (!workflow) {
      if (!this.unknownReported.has(item.executionArn)) {
        this.unknownReported.add(item.executionArn);
        process.stderr.write(
          `unwind: workflow '${snapshot.workflow}' is not registered in this process; ${item.executionArn} waits for an engine that registers it\n`,
        );
      }
      return;
    }
    const gid = item.executionArn.split(':').slice(7).join(':');
    const stop = new AbortController();
    this.runs.set(item.executionArn, stop);
    try {
      const runSignal = AbortSignal.any([signal, stop.signal, writer.endedSignal]);
      await runWorkflow({ writer, workflow, gid, signal: runSignal, now: () => this.deps.options.clock.now() });
    } finally {
      if (this.runs.get(item.executionArn) === stop) this.runs.delete(item.executionArn);
    }
  }

  private async recordFor(gid: string): Promise<ExecutionRecord> {
    const record = await this.deps.options.store.findExecution(gid);
    if (!record) throw new UnwindError('ExecutionDoesNotExist', `Workflow execution does not exist: ${gid}`);
    try {
      parseWorkflowSnapshot(record.snapshot);
    } catch {
      throw new UnwindError('UsageError', `${record.executionArn} is a state machine execution, not a code workflow.`);
    }
    return record;
  }

  private async writerFor(gid: string): Promise<WorkflowWriter> {
    const record = await this.recordFor(gid);
    return new WorkflowWriter(this.writerDeps, record.executionArn, record);
  }

  private pollUntilFinished(arn: string): void {
    const { clock, pollIntervalMs, store } = this.deps.options;
    const cancel = clock.setTimer(() => {
      this.polls.delete(cancel);
      if (!this.waiters.has(arn)) return;
      void store.getExecution(arn).then(
        (record) => (record && record.status !== 'RUNNING' ? this.notifyFinished(arn) : this.pollUntilFinished(arn)),
        () => this.pollUntilFinished(arn),
      );
    }, pollIntervalMs);
    this.polls.add(cancel);
  }

  private async notifyFinished(arn: string): Promise<void> {
    const waiters = this.waiters.get(arn);
    if (!waiters) return;
    this.waiters.delete(arn);
    const record = await this.deps.options.store.getExecution(arn);
    if (record) for (const resolve of waiters) resolve(record);
  }
}

function finishedError(gid: string): UnwindError {
  return new UnwindError('UsageError', `Workflow '${gid}' has already finished.`);
}

function resultOf<O>(record: ExecutionRecord): WorkflowResult<O> {
  if (record.status === 'SUCCEEDED') {
    const output = (record.output === null ? null : JSON.parse(record.output)) as O;
    return { status: 'SUCCEEDED', executionArn: record.executionArn, output };
  }
  return {
    status: record.status === 'ABORTED' ? 'ABORTED' : 'FAILED',
    executionArn: record.executionArn,
    error: record.error ?? record.status,
    cause: record.cause ?? '',
  };
}
