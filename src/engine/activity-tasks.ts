import type { StateMachineDefinition } from '../core/definition/asl-types.js';
import { listTaskStates } from '../core/definition/list-task-states.js';
import type { Command } from '../core/interpreter/command.js';
import type { ExecutionEvent } from '../core/interpreter/execution-event.js';
import { isActivityArn } from '../core/interpreter/resource-description.js';
import type { Json } from '../core/json.js';
import type { Registry } from '../store/registry-port.js';
import { ActivityWakeups } from './activity-wakeups.js';
import type { ResolvedEngineOptions } from './engine-options.js';
import { parseTaskToken, taskTokenFor } from './execution-state.js';
import { IntegrationError } from './integrations/integration.js';
import { ACTIVITY_HANDLER } from './resolve-resource.js';
import type { TaskContext } from './task-handler.js';
import { workId } from './work-payload.js';

/** Feeds an event to an execution through the engine; false when it no longer applied. */
export type ApplyEvent = (executionArn: string, event: ExecutionEvent, consumed: string[]) => Promise<boolean>;

/** What GetActivityTask hands a worker. */
export interface ActivityTask {
  /** Answer with SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat. */
  taskToken: string;
  /** The task's effective input. */
  input: Json;
}

export interface ActivityPollOptions {
  /** How long to wait for a task when none is queued (ms, on the engine's clock). Default 60 s, as AWS. */
  waitMs?: number;
  /** Aborts the wait (the client disconnected): the poll returns undefined. */
  signal?: AbortSignal;
}

export const DEFAULT_ACTIVITY_WAIT_MS = 60_000;
/** How often a long poll re-checks the store for tasks queued by other processes (ms). */
const MAX_RECHECK_MS = 1_000;

const usesActivitiesCache = new WeakMap<StateMachineDefinition, boolean>();

function usesActivities(definition: StateMachineDefinition): boolean {
  let uses = usesActivitiesCache.get(definition);
  if (uses === undefined) {
    uses = listTaskStates(definition).some(({ state }) => isActivityArn(state.Resource));
    usesActivitiesCache.set(definition, uses);
  }
  return uses;
}

/**
 * Activities on the engine's side: queues a Task's activity task in the registry when the work loop
 * invokes it, hands queued tasks to polling workers (recording ActivityStarted), and removes queued
 * tasks once they are no longer awaited.
 */
export class ActivityTasks {
  private readonly wakeups: ActivityWakeups;
  private stopped = false;

  constructor(
    private readonly options: ResolvedEngineOptions,
    private readonly apply: ApplyEvent,
    private readonly tokenSecret: () => Promise<Buffer>,
  ) {
    this.wakeups = new ActivityWakeups(options.clock);
  }

  /** The options the work loop runs with: the handlers plus this queue for activity resources. */
  withQueue(options: ResolvedEngineOptions): ResolvedEngineOptions {
    const enqueue = (request: { activityArn: string; input: Json }, ctx: TaskContext): Promise<null> =>
      this.enqueue(request.activityArn, request.input, ctx);
    return Object.freeze({ ...options, handlers: Object.freeze({ ...options.handlers, [ACTIVITY_HANDLER]: enqueue }) });
  }

  /** Ends every long poll (they return undefined). */
  stop(): void {
    this.stopped = true;
    this.wakeups.wakeAll();
  }

  private registry(): Registry {
    const { registry } = this.options.store;
    if (!registry) throw new IntegrationError('States.Runtime', 'This store keeps no activities (it has no registry).');
    return registry;
  }

  private async enqueue(activityArn: string, input: Json, ctx: TaskContext): Promise<null> {
    const registry = this.registry();
    if (!(await registry.getActivity(activityArn))) {
      throw new IntegrationError('States.Runtime', `The activity ${activityArn} does not exist.`);
    }
    const taskToken = ctx.taskToken;
    await registry.enqueueActivityTask({
      taskToken,
      activityArn,
      executionArn: ctx.executionArn,
      input: JSON.stringify(input),
      createdAt: this.options.clock.now(),
      workerName: null,
      takenAt: null,
    });
    // Cancelled meanwhile (the execution stopped, the task timed out): nobody awaits the task.
    if (ctx.signal.aborted) await registry.deleteActivityTask(taskToken);
    else this.wakeups.wake(activityArn);
    return null;
  }

  /**
   * GetActivityTask: the oldest queued task of the activity, marked started (ActivityStarted in its
   * execution's history); when none is queued, waits for one up to `waitMs`. Undefined when none came.
   */
  async getActivityTask(
    activityArn: string,
    workerName: string | undefined,
    poll: ActivityPollOptions = {},
  ): Promise<ActivityTask | undefined> {
    const registry = this.registry();
    const { clock, pollIntervalMs } = this.options;
    const deadline = clock.now() + (poll.waitMs ?? DEFAULT_ACTIVITY_WAIT_MS);
    for (;;) {
      if (this.stopped || poll.signal?.aborted) return undefined;
      const recheckMs = Math.max(0, Math.min(deadline - clock.now(), pollIntervalMs, MAX_RECHECK_MS));
      // Registered before looking, so a task queued here while we look wakes us.
      const wakeup = this.wakeups.register(activityArn, recheckMs, poll.signal);
      const task = await this.takeStarted(registry, activityArn, workerName).catch((error: unknown) => {
        wakeup.cancel();
        throw error;
      });
      if (task || clock.now() >= deadline) {
        wakeup.cancel();
        return task;
      }
      await wakeup.promise;
    }
  }

  /** Takes queued tasks until one's execution still awaits it; records ActivityStarted for that one. */
  private async takeStarted(
    registry: Registry,
    activityArn: string,
    workerName: string | undefined,
  ): Promise<ActivityTask | undefined> {
    for (;;) {
      const task = await registry.takeActivityTask(activityArn, workerName ?? '', this.options.clock.now());
      if (!task) return undefined;
      const parsed = parseTaskToken(await this.tokenSecret(), task.taskToken);
      const event: ExecutionEvent | undefined = parsed && {
        type: 'ActivityStarted',
        taskId: parsed.taskId,
        ...(workerName !== undefined ? { workerName } : {}),
      };
      // The queue item is consumed too: the task was queued, so it never needs queueing again.
      if (
        parsed &&
        event &&
        (await this.apply(parsed.executionArn, event, [workId(parsed.executionArn, parsed.taskId)]))
      ) {
        return { taskToken: task.taskToken, input: JSON.parse(task.input) as Json };
      }
      // Its execution ended or the task timed out meanwhile: nobody awaits it.
      await registry.deleteActivityTask(task.taskToken);
    }
  }

  /**
   * After a committed transition: removes queued tasks no longer awaited (answered, cancelled by a
   * timeout or a stop, or of an execution that ended). Only for definitions that use activities.
   */
  async afterTransition(
    definition: StateMachineDefinition,
    executionArn: string,
    event: ExecutionEvent,
    commands: readonly Command[],
    finished: boolean,
  ): Promise<void> {
    const { registry } = this.options.store;
    if (!registry || !usesActivities(definition)) return;
    try {
      if (finished) {
        await registry.deleteActivityTasksOfExecution(executionArn);
        return;
      }
      const ended = commands.flatMap((command) => (command.type === 'CancelWork' ? [command.workId] : []));
      if (event.type === 'TaskSucceeded' || event.type === 'TaskFailed') ended.push(event.taskId);
      if (ended.length === 0) return;
      const secret = await this.tokenSecret();
      for (const taskId of ended) await registry.deleteActivityTask(taskTokenFor(secret, executionArn, taskId));
    } catch (error) {
      // Not fatal: a task left queued is dropped when a worker takes it (its execution no longer awaits it).
      process.stderr.write(`unwind: could not remove queued activity tasks of ${executionArn}: ${String(error)}\n`);
    }
  }
}
