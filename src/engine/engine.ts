import { randomBytes } from 'node:crypto';
import type { StateMachineDefinition } from '../core/definition/asl-types.js';
import type { ExecutionEvent } from '../core/interpreter/execution-event.js';
import type { ParentExecution } from '../core/interpreter/snapshot.js';
import { transition } from '../core/interpreter/transition.js';
import type { Json } from '../core/json.js';
import { UnwindError } from '../core/unwind-error.js';
import type { CommitOutcome, ExecutionRecord, TransitionCommit, WorkItem } from '../store/store-port.js';
import { ActivityTasks, type ActivityPollOptions, type ActivityTask } from './activity-tasks.js';
import { executionArn, nameProblem, stateMachineArn } from './arns.js';
import { resolveEngineOptions, type EngineOptions, type ResolvedEngineOptions } from './engine-options.js';
import {
  DefinitionCache,
  definitionId,
  loadExecution,
  parseTaskToken,
  transitionContext,
  type LoadedExecution,
} from './execution-state.js';
import { GroupCommitter } from './group-committer.js';
import { requireMockTestCase, unmockedResourceProblems } from './mocks/mock-start-check.js';
import { recordMockTestCase } from './mocks/mock-test-case-store.js';
import { redriveExecution } from './redrive-execution.js';
import { RetentionSweeper } from './retention-sweeper.js';
import { timeOrderedUuid } from './time-ordered-id.js';
import { WorkLoop } from './work-loop.js';
import { NestedExecutions } from './nested-executions.js';
import { nestedWorkOf } from './nested-executions-work.js';
import { buildCommit, workId, type Lease } from './work-payload.js';
import type { WorkflowProgress } from './workflow/workflow-progress.js';
import { WorkflowRuntime } from './workflow/workflow-runtime.js';
import { isWorkflowSnapshotText } from './workflow/workflow-snapshot.js';
import type { WorkflowFunction, WorkflowOptions, WorkflowResult } from './workflow/workflow-types.js';

export interface StartExecutionRequest {
  /** The validated definition and the exact text it was parsed from (executions are pinned to it). */
  definition: StateMachineDefinition;
  definitionText: string;
  stateMachineName: string;
  /** Default: a random UUID. */
  name?: string;
  input?: Json;
  /**
   * A test case of the engine's mock config (Step Functions Local's `<stateMachineArn>#<TestCase>`):
   * the states it lists get their mocked responses instead of running. Stored with the execution.
   */
  mockTestCase?: string;
  /** A child execution whose parent's `states:startExecution.sync` Task awaits its end (nested-executions.ts). */
  parent?: ParentExecution;
}

const MAX_CONFLICT_RETRIES = 5;

/**
 * The effectful shell around the pure interpreter: claims due work, invokes task
 * handlers, fires timers, feeds outcomes to `transition` and commits each result
 * atomically (group-committed across executions).
 */
export class Engine {
  readonly options: ResolvedEngineOptions;
  readonly committer: GroupCommitter;
  private readonly definitions = new DefinitionCache();
  private readonly savedDefinitions = new Set<string>();
  /** Executions with work in flight in this process; others live only in the database. */
  private readonly cache = new Map<string, LoadedExecution>();
  private readonly chains = new Map<string, Promise<void>>();
  private readonly finishWaiters = new Map<string, ((record: ExecutionRecord) => void)[]>();
  private readonly loop: WorkLoop;
  private readonly activities: ActivityTasks;
  private readonly retention: RetentionSweeper;
  private readonly workflows: WorkflowRuntime;
  private readonly nested: NestedExecutions;
  private stopping: Promise<void> | undefined;
  private secret: Promise<Buffer> | undefined;

  constructor(options: EngineOptions) {
    this.options = resolveEngineOptions(options);
    this.committer = new GroupCommitter(
      this.options.store,
      this.options.maxBatch,
      this.options.store.preferredCommitConcurrency ?? 1,
      this.options.observer,
    );
    this.activities = new ActivityTasks(
      this.options,
      (arn, event, consumed) => this.apply(arn, event, consumed),
      () => this.tokenSecret(),
    );
    this.workflows = new WorkflowRuntime({
      options: this.options,
      submit: (commit) => this.committer.submit(commit),
      dispatch: (item) => this.loop.dispatch(item),
      wakeAt: (dueAt) => this.loop.wakeAt(dueAt),
    });
    this.nested = new NestedExecutions({
      options: this.options,
      startExecution: (request) => this.startExecution(request),
      apply: (arn, event, consumed) => this.apply(arn, event, consumed),
      submit: (commit) => this.committer.submit(commit),
    });
    this.loop = new WorkLoop(
      this.nested.withHandlers(this.activities.withQueue(this.options)),
      async (arn, event, consumed) => void (await this.apply(arn, event, consumed)),
      () => this.tokenSecret(),
      (item, signal) => this.workflows.run(item, signal),
      (item) => this.nested.carryOut(item),
    );
    this.retention = new RetentionSweeper(this.options);
  }

  /** Registers this process, takes over the work of dead ones, and starts claiming due work. */
  async start(): Promise<void> {
    await this.loop.start();
    this.retention.start();
  }

  /** Stops claiming; in-flight handlers are aborted and their work is left for a restart to re-run. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.retention.stop();
      this.workflows.stop();
      this.activities.stop();
      await this.loop.stop();
      await Promise.all([...this.chains.values()]);
    })();
    return this.stopping;
  }

  /** Resolves once nothing is in flight here and no work is due now. */
  async drain(): Promise<void> {
    for (;;) {
      await this.loop.idle();
      await Promise.all([...this.chains.values()]);
      if (!(await this.loop.hasDueWork()) && this.chains.size === 0 && this.loop.inFlightCount === 0) return;
      this.loop.poke();
    }
  }

  /** Registers a code-first workflow under `name` (see docs/workflows.md); every process that may run it does. */
  registerWorkflow<I = Json, O = Json>(name: string, fn: WorkflowFunction<I, O>, options?: WorkflowOptions): void {
    this.workflows.register(name, fn, options);
  }

  /** Starts workflow `name` as global transaction `gid` (no-op when it exists); returns its execution ARN. */
  async startWorkflow(name: string, gid: string, input?: unknown): Promise<string> {
    return (await this.workflows.start(name, gid, input ?? null)).executionArn;
  }

  /** Runs workflow `name` as `gid` and resolves with its result once it has ended; a known gid is not run again. */
  executeWorkflow<O = Json>(name: string, gid: string, input?: unknown): Promise<WorkflowResult<O>> {
    return this.workflows.execute<O>(name, gid, input ?? null);
  }

  /** Resolves with a workflow's result (by gid or ARN) once it has ended, here or in another process. */
  waitForWorkflow<O = Json>(gid: string): Promise<WorkflowResult<O>> {
    return this.workflows.wait<O>(gid);
  }

  /** Commits a signal for `wf.waitForSignal(name)` of workflow `gid`, even when no process runs it now. */
  signalWorkflow(gid: string, name: string, payload?: Json): Promise<void> {
    return this.workflows.signal(gid, name, payload ?? null);
  }

  /** Makes a waiting workflow (backing off, or stuck in phase two) due now; false when a run holds it already. */
  retryWorkflowNow(gid: string): Promise<boolean> {
    return this.workflows.retryNow(gid);
  }

  /** A workflow's phase, attempts, last error, next run and recorded steps. */
  describeWorkflow(gid: string): Promise<WorkflowProgress> {
    return this.workflows.describe(gid);
  }

  /** Runs retention now (it also runs periodically); returns how many executions were deleted. */
  sweepRetention(): Promise<number> {
    return this.retention.sweep();
  }

  async startExecution(request: StartExecutionRequest): Promise<string> {
    return (await this.startExecutionDated(request)).executionArn;
  }

  /** StartExecution, also telling the start date it recorded (so an API answer needs no read-back). */
  async startExecutionDated(request: StartExecutionRequest): Promise<{ executionArn: string; startDate: number }> {
    const { options } = this;
    const name = request.name ?? timeOrderedUuid(options.clock.now());
    const problem = nameProblem(name);
    if (problem) throw new UnwindError('InvalidName', `Invalid execution name '${name}': it ${problem}.`);
    const id = definitionId(request.definitionText);
    const machineArn = stateMachineArn(options, request.stateMachineName);
    const testCase =
      request.mockTestCase === undefined
        ? undefined
        : requireMockTestCase(options.mockConfig, request.stateMachineName, request.mockTestCase);
    // A mocked start checks resources each time: its mocked states need no handler, unmocked starts' do.
    if (testCase || !this.savedDefinitions.has(id)) {
      const problems = unmockedResourceProblems(request.definition, options.handlers, testCase);
      if (problems.length > 0) {
        const lines = problems.map((problem) => `  ${problem.path}: ${problem.message}`).join('\n');
        throw new UnwindError('InvalidDefinition', `The definition has unresolvable resources:\n${lines}`, problems);
      }
      await options.store.saveDefinition({
        id,
        stateMachineArn: machineArn,
        text: request.definitionText,
        createdAt: options.clock.now(),
      });
      if (!testCase) this.savedDefinitions.add(id);
      this.definitions.remember(id, request.definition);
    }
    const arn = executionArn(options, request.stateMachineName, name);
    const input = request.input ?? {};
    const execution = { executionArn: arn, name, stateMachineArn: machineArn, input };
    const ctx = transitionContext(options, execution, await this.tokenSecret());
    const parent = request.parent;
    const result = await transition(request.definition, undefined, { type: 'StartExecution', input, parent }, ctx);
    const commit = buildCommit(arn, 0, result, [], ctx.now, this.lease());
    commit.insertWork.push(...nestedWorkOf(arn, result, ctx.now, this.lease()));
    commit.create = {
      stateMachineArn: machineArn,
      name,
      definitionId: id,
      input: JSON.stringify(input),
      startDate: ctx.now,
    };
    if (request.mockTestCase !== undefined) {
      await recordMockTestCase(options.store, arn, ctx.now, request.mockTestCase);
    }
    if ((await this.committer.submit(commit)) === 'conflict') {
      throw new UnwindError(
        'ExecutionAlreadyExists',
        `Execution '${name}' already exists for state machine '${request.stateMachineName}'.`,
      );
    }
    options.observer.executionStarted(machineArn);
    this.afterCommit(
      { ...execution, definition: request.definition, snapshot: result.snapshot, version: 1 },
      commit.insertWork,
    );
    return { executionArn: arn, startDate: ctx.now };
  }

  /**
   * Resolves with the execution's record once it has ended: at once when this engine commits the
   * end, and otherwise by polling the store (another process may end it).
   */
  async waitForExecution(arn: string): Promise<ExecutionRecord> {
    const finished = new Promise<ExecutionRecord>((resolve) => {
      const waiters = this.finishWaiters.get(arn) ?? [];
      waiters.push(resolve);
      this.finishWaiters.set(arn, waiters);
    });
    const record = await this.options.store.getExecution(arn);
    if (!record) {
      this.finishWaiters.delete(arn);
      throw new UnwindError('ExecutionDoesNotExist', `Execution does not exist: ${arn}`);
    }
    if (record.status !== 'RUNNING') return record;
    this.pollUntilFinished(arn);
    return finished;
  }

  private pollUntilFinished(arn: string): void {
    const { clock, pollIntervalMs, store } = this.options;
    clock.setTimer(() => {
      if (!this.finishWaiters.has(arn) || this.stopping) return;
      void store.getExecution(arn).then(
        (record) => {
          if (record && record.status !== 'RUNNING') void this.notifyFinished(arn);
          else this.pollUntilFinished(arn);
        },
        () => this.pollUntilFinished(arn),
      );
    }, pollIntervalMs);
  }

  /**
   * StopExecution: the execution ends ABORTED with `error`/`cause` (in its ExecutionAborted event), its
   * timers and work are deleted, its in-flight handlers here see their AbortSignal aborted, and its
   * task tokens are refused from then on (TaskTimedOut). Stopping an execution that already ended
   * changes nothing and answers its stopDate, as AWS does. Throws ExecutionDoesNotExist.
   */
  async stopExecution(arn: string, error?: string, cause?: string): Promise<{ stopDate: number }> {
    const stopped = await this.apply(
      arn,
      { type: 'StopExecution', ...(error ? { error } : {}), ...(cause ? { cause } : {}) },
      [],
    );
    let record = await this.options.store.getExecution(arn);
    if (!record) throw new UnwindError('ExecutionDoesNotExist', `Execution does not exist: ${arn}`);
    // A code workflow is not the interpreter's (apply refused it): the workflow runtime aborts it.
    if (!stopped && record.status === 'RUNNING' && isWorkflowSnapshotText(record.snapshot)) {
      await this.workflows.abort(arn, error || undefined, cause || undefined);
      record = (await this.options.store.getExecution(arn)) ?? record;
    }
    return { stopDate: record.stopDate ?? this.options.clock.now() };
  }

  /**
   * RedriveExecution: an execution that ended FAILED, TIMED_OUT or ABORTED (within 14 days) resumes
   * where it stopped, without running again what succeeded. Throws ExecutionDoesNotExist or
   * ExecutionNotRedrivableError. A repeated request with the same `clientToken` gets the same answer.
   */
  redriveExecution(arn: string, clientToken?: string): Promise<{ redriveDate: number }> {
    return redriveExecution(arn, clientToken, {
      store: this.options.store,
      now: () => this.options.clock.now(),
      apply: (event) => this.apply(arn, event, []),
    });
  }

  private lease(): Lease {
    return { owner: this.options.engineId, leaseUntil: this.options.clock.now() + this.options.leaseMs };
  }

  /** The task-token secret: given in the options, else the one stored in the database (created once). */
  private tokenSecret(): Promise<Buffer> {
    const { tokenSecret, store } = this.options;
    this.secret ??= tokenSecret
      ? Promise.resolve(tokenSecret)
      : store
          .loadSetting('task-token-secret', randomBytes(32).toString('base64'))
          .then((value) => Buffer.from(value, 'base64'));
    return this.secret;
  }

  /** SendTaskSuccess: ends a `.waitForTaskToken` task with `output`. */
  sendTaskSuccess(token: string, output: Json): Promise<void> {
    return this.answerTask(token, (taskId) => ({ type: 'TaskSucceeded', taskId, output }));
  }

  /** SendTaskFailure: fails a `.waitForTaskToken` task (Retry and Catch apply as for any task error). */
  sendTaskFailure(token: string, error = 'States.TaskFailed', cause = ''): Promise<void> {
    return this.answerTask(token, (taskId) => ({ type: 'TaskFailed', taskId, error, cause }));
  }

  /** SendTaskHeartbeat: restarts the task's HeartbeatSeconds clock. */
  sendTaskHeartbeat(token: string): Promise<void> {
    return this.answerTask(token, (taskId) => ({ type: 'TaskHeartbeat', taskId }));
  }

  /**
   * GetActivityTask: hands a worker the oldest queued task of the activity (recording ActivityStarted),
   * waiting up to `waitMs` for one; undefined when none came.
   */
  getActivityTask(
    activityArn: string,
    workerName?: string,
    poll: ActivityPollOptions = {},
  ): Promise<ActivityTask | undefined> {
    return this.activities.getActivityTask(activityArn, workerName, poll);
  }

  private async answerTask(token: string, event: (taskId: string) => ExecutionEvent): Promise<void> {
    const parsed = parseTaskToken(await this.tokenSecret(), token);
    if (!parsed) throw new UnwindError('InvalidToken', 'Invalid task token.');
    const answer = event(parsed.taskId);
    // An answer ends the task: its queue item (a task handler or activity not yet recorded as submitted) goes too.
    const consumed = answer.type === 'TaskHeartbeat' ? [] : [workId(parsed.executionArn, parsed.taskId)];
    if (!(await this.apply(parsed.executionArn, answer, consumed))) {
      throw new UnwindError(
        'TaskTimedOut',
        'Task Timed Out: the task of this token is no longer awaited (it was answered, timed out, or its execution ended).',
      );
    }
  }

  /** Feeds one event to an execution, one transition at a time per execution; false when it no longer applied. */
  private apply(arn: string, event: ExecutionEvent, consumed: string[]): Promise<boolean> {
    const previous = this.chains.get(arn) ?? Promise.resolve();
    const next = previous.then(() => this.applyNow(arn, event, consumed));
    const tail: Promise<void> = next.then(
      () => undefined,
      () => undefined,
    );
    this.chains.set(arn, tail);
    void tail.then(() => {
      if (this.chains.get(arn) === tail) this.chains.delete(arn);
    });
    return next;
  }

  private async applyNow(arn: string, event: ExecutionEvent, consumed: string[]): Promise<boolean> {
    for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
      const cached = this.cache.get(arn);
      const execution = cached ?? (await this.load(arn));
      if (!execution) return false;
      const ctx = transitionContext(this.options, execution, await this.tokenSecret());
      // The cached snapshot is consumed: on any failure below, the cache entry is dropped.
      this.cache.delete(arn);
      const result = await transition(execution.definition, execution.snapshot, event, ctx, {
        consumeSnapshot: true,
      });
      if (result.ignored) {
        // A cached snapshot may be stale (another engine advanced the execution): decide on a fresh one.
        if (cached) continue;
        return false;
      }
      const commit = buildCommit(arn, execution.version, result, consumed, ctx.now, this.lease());
      commit.insertWork.push(...nestedWorkOf(arn, result, ctx.now, this.lease()));
      if ((await this.submitUntrusting(commit)) === 'ok') {
        this.afterCommit(
          { ...execution, snapshot: result.snapshot, version: execution.version + 1 },
          commit.insertWork,
        );
        for (const command of result.commands)
          if (command.type === 'CancelWork') this.loop.abort(`${arn}#${command.workId}`);
        const finished = result.snapshot.status !== 'RUNNING';
        await this.activities.afterTransition(execution.definition, arn, event, result.commands, finished);
        return true;
      }
      this.cache.delete(arn);
    }
    throw new Error(`execution ${arn} kept changing under this engine (${MAX_CONFLICT_RETRIES} version conflicts)`);
  }

  /** A failed write (e.g. a lost connection) leaves the outcome unknown: forget what we cached. */
  private async submitUntrusting(commit: TransitionCommit): Promise<CommitOutcome> {
    try {
      return await this.committer.submit(commit);
    } catch (error) {
      this.cache.delete(commit.executionArn);
      throw error;
    }
  }

  /** The execution as the interpreter needs it; undefined when it is missing or a code workflow (never ASL). */
  private async load(arn: string): Promise<LoadedExecution | undefined> {
    const record = await this.options.store.getExecution(arn);
    if (!record || isWorkflowSnapshotText(record.snapshot)) return undefined;
    return loadExecution(this.options.store, this.definitions, record);
  }

  private afterCommit(execution: LoadedExecution, inserted: WorkItem[]): void {
    const tasks = inserted.filter((item) => item.kind === 'task' && item.owner === this.options.engineId);
    if (tasks.length > 0 && execution.snapshot.status === 'RUNNING') this.cache.set(execution.executionArn, execution);
    else this.cache.delete(execution.executionArn);
    for (const item of inserted) {
      if (item.owner === this.options.engineId) this.loop.dispatch(item);
      else this.loop.wakeAt(item.dueAt);
    }
    if (execution.snapshot.status !== 'RUNNING') {
      this.options.observer.executionFinished(execution.stateMachineArn, execution.snapshot.status);
      void this.notifyFinished(execution.executionArn);
    }
  }

  private async notifyFinished(arn: string): Promise<void> {
    const waiters = this.finishWaiters.get(arn);
    if (!waiters) return;
    this.finishWaiters.delete(arn);
    const record = await this.options.store.getExecution(arn);
    if (record) for (const resolve of waiters) resolve(record);
  }
}
