import type { ExecutionEvent } from '../core/interpreter/execution-event.js';
import type { EngineRecord, WorkItem } from '../store/store-port.js';
import { deadEngines } from './engine-liveness.js';
import type { ResolvedEngineOptions } from './engine-options.js';
import { taskTokenFor } from './execution-state.js';
import type { TaskContext } from './task-handler.js';
import { mockedTaskOutcome } from './mocks/mocked-task-outcome.js';
import { invokeTask } from './task-invoker.js';
import type { TaskPayload, TimerPayload } from './work-payload.js';

type Apply = (executionArn: string, event: ExecutionEvent, consumed: string[]) => Promise<void>;
/** Carries out a run of a code-first workflow (src/engine/workflow/). */
type RunWorkflow = (item: WorkItem, signal: AbortSignal) => Promise<void>;

/**
 * Claims due work with a lease and carries it out: invokes task handlers, fires timers,
 * renews leases of what is in flight, and takes over the leases of dead engines.
 */
export class WorkLoop {
  private readonly inFlight = new Map<string, AbortController>();
  private readonly running = new Set<Promise<void>>();
  private stopped = true;
  private pumping = false;
  private pumpAgain = false;
  private wakeTime = Infinity;
  private cancelWake: (() => void) | undefined;
  private cancelPoll: (() => void) | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private idleWaiters: (() => void)[] = [];
  private unsubscribe: (() => Promise<void>) | undefined;
  /** Since when heartbeats succeed without interruption (undefined right after a failure). */
  private healthySince: number | undefined;

  constructor(
    private readonly options: ResolvedEngineOptions,
    private readonly apply: Apply,
    private readonly tokenSecret: () => Promise<Buffer>,
    private readonly runWorkflow?: RunWorkflow,
    /** Engine-internal task items (nested executions' deliver/stop): true when it carried the item out. */
    private readonly carryOutInternal?: (item: WorkItem) => Promise<boolean>,
  ) {}

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  private get self(): EngineRecord {
    const { engineId: id, host, pid, clock } = this.options;
    return { id, host, pid, startedAt: clock.now(), heartbeatAt: clock.now() };
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.options.store.registerEngine(this.self);
    // A fresh engine trusts heartbeats at once: it was not the one cut off from the database.
    this.healthySince = this.options.clock.now() - 3 * this.options.leaseMs;
    await this.reapDeadEngines();
    this.unsubscribe = await this.options.store.onWorkAvailable?.((dueAt) => this.wakeAt(dueAt));
    const period = Math.max(50, Math.floor(this.options.leaseMs / 3));
    this.heartbeat = setInterval(() => void this.beat().catch(reportLoopError), period);
    this.heartbeat.unref();
    this.schedulePoll();
    this.poke();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.heartbeat);
    this.cancelWake?.();
    this.cancelPoll?.();
    await this.unsubscribe?.();
    for (const controller of this.inFlight.values()) controller.abort(new Error('engine stopping'));
    await settledWithin(Promise.all([...this.running]), this.options.stopGraceMs);
    await this.options.store.releaseLeases([this.options.engineId]);
    await this.options.store.removeEngines([this.options.engineId]);
  }

  /** Carries out an item this engine already holds the lease of. */
  dispatch(item: WorkItem): void {
    if (this.stopped || this.inFlight.has(item.id)) return;
    const controller = new AbortController();
    this.inFlight.set(item.id, controller);
    const run = this.carryOut(item, controller.signal)
      .catch(reportLoopError)
      .finally(() => {
        this.inFlight.delete(item.id);
        this.running.delete(run);
        if (this.pumpAgain) this.poke();
        this.checkIdle();
      });
    this.running.add(run);
  }

  abort(workId: string): void {
    this.inFlight.get(workId)?.abort(new Error('task cancelled'));
  }

  poke(): void {
    void this.pump().catch(reportLoopError);
  }

  /** Makes sure the loop looks for work again at `dueAt`. */
  wakeAt(dueAt: number): void {
    if (this.stopped) return;
    if (dueAt <= this.options.clock.now()) {
      this.poke();
      return;
    }
    if (dueAt >= this.wakeTime) return;
    this.cancelWake?.();
    this.wakeTime = dueAt;
    this.cancelWake = this.options.clock.setTimer(() => {
      this.wakeTime = Infinity;
      this.poke();
    }, dueAt - this.options.clock.now());
  }

  idle(): Promise<void> {
    if (this.inFlight.size === 0 && !this.pumping) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async hasDueWork(): Promise<boolean> {
    const now = this.options.clock.now();
    const due = await this.options.store.nextDueAt(now);
    return due !== undefined && due <= now;
  }

  private checkIdle(): void {
    if (this.inFlight.size > 0 || this.pumping) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private async pump(): Promise<void> {
    if (this.stopped) return;
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.pumpAgain = false;
        const free = this.options.maxInFlight - this.inFlight.size;
        if (free <= 0) {
          this.pumpAgain = true;
          break;
        }
        const now = this.options.clock.now();
        const leaseUntil = now + this.options.leaseMs;
        const items = await this.options.store.claimWork({
          owner: this.options.engineId,
          now,
          limit: free,
          leaseUntil,
        });
        for (const item of items) this.dispatch(item);
        if (items.length === free) this.pumpAgain = true;
      } while (this.pumpAgain && !this.stopped && this.inFlight.size < this.options.maxInFlight);
      const next = await this.options.store.nextDueAt(this.options.clock.now());
      if (next !== undefined) this.wakeAt(next);
    } finally {
      this.pumping = false;
      this.checkIdle();
    }
  }

  private schedulePoll(): void {
    if (this.stopped) return;
    this.cancelPoll = this.options.clock.setTimer(() => {
      this.poke();
      this.schedulePoll();
    }, this.options.pollIntervalMs);
  }

  private async beat(): Promise<void> {
    const { store, clock, engineId, leaseMs } = this.options;
    try {
      await store.heartbeatEngine(engineId, clock.now());
    } catch (error) {
      this.healthySince = undefined;
      throw error;
    }
    this.healthySince ??= clock.now();
    if (this.inFlight.size > 0) await store.renewLeases(engineId, [...this.inFlight.keys()], clock.now() + leaseMs);
    await this.reapDeadEngines();
  }

  private async reapDeadEngines(): Promise<void> {
    const { store, clock, leaseMs } = this.options;
    const engines = await store.listEngines();
    // Others may have reaped us while we could not heartbeat (a database outage): register again.
    if (!engines.some((engine) => engine.id === this.options.engineId)) await store.registerEngine(this.self);
    const trustHeartbeats = this.healthySince !== undefined && clock.now() - this.healthySince >= 3 * leaseMs;
    const dead = deadEngines(engines, this.self, clock.now(), 3 * leaseMs, trustHeartbeats);
    if (dead.length === 0) return;
    const released = await store.releaseLeases(dead);
    this.options.observer.leaseTakenOver(released);
    await store.removeEngines(dead);
    this.poke();
  }

  private async carryOut(item: WorkItem, signal: AbortSignal): Promise<void> {
    if (item.kind === 'workflow') {
      await this.runWorkflow?.(item, signal);
      return;
    }
    if (item.kind !== 'task') {
      const { timerId } = JSON.parse(item.payload) as TimerPayload;
      await this.apply(item.executionArn, { type: 'TimerFired', timerId }, [item.id]);
      return;
    }
    if (await this.carryOutInternal?.(item)) return;
    const payload = JSON.parse(item.payload) as TaskPayload;
    const { clock, handlers } = this.options;
    // A state mocked by the execution's test case is not invoked; its mocked outcome is final.
    const mocked = await mockedTaskOutcome(this.options, item.executionArn, payload);
    const outcome =
      mocked ??
      (await invokeTask(
        payload.resource,
        payload.input,
        handlers,
        taskContext(item, payload, signal, await this.tokenSecret()),
        () => clock.now(),
      ));
    if (this.stopped) return;
    this.options.observer.taskCompleted(payload.resource, clock.now() - outcome.startedAt, outcome.ok, {
      executionArn: item.executionArn,
      stateName: payload.stateName,
      attempt: payload.attempt,
      ...(outcome.ok ? {} : { error: outcome.error, cause: outcome.cause }),
    });
    const succeeded = payload.waitForTaskToken && !mocked ? 'TaskSubmitted' : 'TaskSucceeded';
    const event: ExecutionEvent = outcome.ok
      ? { type: succeeded, taskId: payload.taskId, output: outcome.output, startedAt: outcome.startedAt }
      : {
          type: 'TaskFailed',
          taskId: payload.taskId,
          error: outcome.error,
          cause: outcome.cause,
          startedAt: outcome.startedAt,
        };
    await this.apply(item.executionArn, event, [item.id]);
  }
}

function taskContext(item: WorkItem, payload: TaskPayload, signal: AbortSignal, secret: Buffer): TaskContext {
  const parts = item.executionArn.split(':');
  return {
    executionArn: item.executionArn,
    executionName: parts[7] ?? '',
    stateMachineArn: item.executionArn.replace(':execution:', ':stateMachine:').split(':').slice(0, 7).join(':'),
    stateName: payload.stateName,
    attempt: payload.attempt,
    idempotencyKey: item.id,
    get taskToken() {
      return taskTokenFor(secret, item.executionArn, payload.taskId);
    },
    signal,
  };
}

function reportLoopError(error: unknown): void {
  process.stderr.write(
    `unwind: work loop error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
}

/** Resolves when `work` settles or after `ms` of real time, whichever comes first. */
async function settledWithin(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  try {
    await Promise.race([work.then(() => undefined), grace]);
  } finally {
    clearTimeout(timer);
  }
}
