import type { ExecutionEvent } from '../core/interpreter/execution-event.js';
import type { ParentExecution, Snapshot } from '../core/interpreter/snapshot.js';
import type { Json } from '../core/json.js';
import { UnwindError } from '../core/unwind-error.js';
import type { CommitOutcome, ExecutionRecord, TransitionCommit, WorkItem } from '../store/store-port.js';
import { executionArn } from './arns.js';
import type { ResolvedEngineOptions } from './engine-options.js';
import { IntegrationError } from './integrations/integration.js';
import { loadFlowOrDefinition, type LoadedDefinition } from './load-definition.js';
import { childExecutionOutput, startExecutionOutput } from './nested-executions-output.js';
import {
  childExecutionRequest,
  executionAlreadyExists,
  stateMachineDoesNotExist,
  type ChildExecutionRequest,
} from './nested-executions-request.js';
import { nestedWorkPayload, type NestedWorkPayload } from './nested-executions-work.js';
import { NESTED_EXECUTION_HANDLER } from './resolve-resource.js';
import type { TaskContext } from './task-handler.js';
import { workId } from './work-payload.js';

/** What this module needs of the engine. */
export interface NestedExecutionsHost {
  options: ResolvedEngineOptions;
  startExecution(request: {
    definition: LoadedDefinition['definition'];
    definitionText: string;
    stateMachineName: string;
    name: string;
    input: Json;
    parent?: ParentExecution;
  }): Promise<string>;
  /** Feeds an event to an execution; false when it no longer applied (nothing was written). */
  apply(executionArn: string, event: ExecutionEvent, consumed: string[]): Promise<boolean>;
  submit(commit: TransitionCommit): Promise<CommitOutcome>;
}

interface StartedChild {
  record: ExecutionRecord;
}

const MAX_CACHED_DEFINITIONS = 200;

/**
 * Nested executions (`arn:aws:states:::states:startExecution`, `.sync`, `.sync:2`, `.waitForTaskToken`):
 * a Task starts an execution of a state machine of the registry. With `.sync` the parent's task waits
 * durably: the child's last commit writes a `deliver` item for the parent, and a parent that stops
 * waiting writes a `stop` item for the child (`nested-executions-work.ts`).
 */
export class NestedExecutions {
  private readonly definitions = new Map<string, LoadedDefinition>();

  constructor(private readonly host: NestedExecutionsHost) {}

  /** The options the work loop runs with: the handlers plus the one starting child executions. */
  withHandlers(options: ResolvedEngineOptions): ResolvedEngineOptions {
    const start = (request: { resource: string; parameters: Json }, ctx: TaskContext): Promise<Json> =>
      this.startChild(request.resource, request.parameters, ctx);
    return Object.freeze({
      ...options,
      handlers: Object.freeze({ ...options.handlers, [NESTED_EXECUTION_HANDLER]: start }),
    });
  }

  /** Carries out a `deliver` or `stop` item; false when the item is none of these. */
  async carryOut(item: WorkItem): Promise<boolean> {
    const payload = nestedWorkPayload(item);
    if (!payload) return false;
    if (payload.nested === 'deliver') await this.deliver(item, payload);
    else if (!(await this.host.apply(item.executionArn, { type: 'StopExecution' }, [item.id]))) {
      await this.dropWork(item.executionArn, item.id);
    }
    return true;
  }

  private async startChild(resource: string, parameters: Json, ctx: TaskContext): Promise<Json> {
    const { options } = this.host;
    const request = childExecutionRequest(resource, parameters, ctx.idempotencyKey, options);
    const definition = await this.definitionOf(request.stateMachineArn);
    const parent: ParentExecution | undefined = request.pattern && {
      executionArn: ctx.executionArn,
      taskId: ctx.idempotencyKey.slice(ctx.executionArn.length + 1),
      pattern: request.pattern,
    };
    const { record } = await this.start(request, definition, parent);
    // The parent's task was cancelled while the child started: nobody will wait for it.
    if (parent && ctx.signal.aborted) await this.host.apply(record.executionArn, { type: 'StopExecution' }, []);
    return startExecutionOutput(record);
  }

  private async start(
    request: ChildExecutionRequest,
    loaded: LoadedDefinition & { stateMachineName: string },
    parent: ParentExecution | undefined,
  ): Promise<StartedChild> {
    const { store } = this.host.options;
    let arn: string;
    try {
      arn = await this.host.startExecution({
        definition: loaded.definition,
        definitionText: loaded.text,
        stateMachineName: loaded.stateMachineName,
        name: request.name,
        input: request.input,
        ...(parent ? { parent } : {}),
      });
    } catch (error) {
      if (!(error instanceof UnwindError)) throw error;
      if (error.code !== 'ExecutionAlreadyExists')
        throw new IntegrationError(`StepFunctions.${error.code}Exception`, error.message);
      return this.existing(request, loaded.stateMachineName, parent);
    }
    const record = await store.getExecution(arn);
    if (!record) throw new Error(`execution ${arn} was started but cannot be read back`);
    return { record };
  }

  /**
   * A child of that name exists: the same start run again (after a crash, or a repeated request with
   * the same input while it runs, as AWS answers it), else ExecutionAlreadyExists.
   */
  private async existing(
    request: ChildExecutionRequest,
    stateMachineName: string,
    parent: ParentExecution | undefined,
  ): Promise<StartedChild> {
    const { store } = this.host.options;
    const arn = executionArn(this.host.options, stateMachineName, request.name);
    const record = await store.getExecution(arn);
    if (!record) throw executionAlreadyExists(arn);
    const link = (JSON.parse(record.snapshot) as Snapshot).parent;
    const sameTask =
      parent !== undefined && link?.executionArn === parent.executionArn && link.taskId === parent.taskId;
    const sameStart =
      record.input === JSON.stringify(request.input) && (record.status === 'RUNNING' || !request.nameGiven);
    if (sameTask || (parent === undefined && link === undefined && sameStart)) return { record };
    throw executionAlreadyExists(arn);
  }

  private async definitionOf(arn: string): Promise<LoadedDefinition & { stateMachineName: string }> {
    const { registry } = this.host.options.store;
    if (!registry)
      throw new IntegrationError('States.Runtime', 'This store keeps no state machines (it has no registry).');
    const version = /:stateMachine:[^:]+:\d+$/.test(arn) ? await registry.getStateMachineVersion(arn) : undefined;
    const machine = await registry.getStateMachine(version?.stateMachineArn ?? arn);
    if (!machine || (version === undefined && machine.stateMachineArn !== arn)) throw stateMachineDoesNotExist(arn);
    const text = version?.definition ?? machine.definition;
    let loaded = this.definitions.get(text);
    if (!loaded) {
      loaded = loadFlowOrDefinition(text);
      if (this.definitions.size >= MAX_CACHED_DEFINITIONS) this.definitions.clear();
      this.definitions.set(text, loaded);
    }
    return { ...loaded, stateMachineName: machine.name };
  }

  /** The child ended: its parent's task records the submission (if not yet) and then the outcome. */
  private async deliver(item: WorkItem, payload: Extract<NestedWorkPayload, { nested: 'deliver' }>): Promise<void> {
    const { parent, childExecutionArn } = payload;
    const child = await this.host.options.store.getExecution(childExecutionArn);
    if (!child || child.status === 'RUNNING') {
      await this.dropWork(item.executionArn, item.id);
      return;
    }
    const { taskId } = parent;
    // The start may not be recorded yet (the child ended before its parent's task returned): record it now.
    const submitted = startExecutionOutput(child);
    await this.host.apply(parent.executionArn, { type: 'TaskSubmitted', taskId, output: submitted }, [
      workId(parent.executionArn, taskId),
    ]);
    const description = childExecutionOutput(child, parent.pattern);
    const event: ExecutionEvent =
      child.status === 'SUCCEEDED'
        ? { type: 'TaskSucceeded', taskId, output: description }
        : { type: 'TaskFailed', taskId, error: 'States.TaskFailed', cause: JSON.stringify(description) };
    if (!(await this.host.apply(parent.executionArn, event, [item.id])))
      await this.dropWork(item.executionArn, item.id);
  }

  /** Deletes a work item whose event no longer applied, with an otherwise empty commit of its execution. */
  private async dropWork(executionArn: string, id: string): Promise<void> {
    const { store } = this.host.options;
    for (let attempt = 0; attempt < 5; attempt++) {
      const record = await store.getExecution(executionArn);
      if (!record) return;
      const { status, snapshot, output, error, cause, stopDate } = record;
      const commit: TransitionCommit = {
        executionArn,
        expectedVersion: record.version,
        update: { status, snapshot, output, error, cause, stopDate },
        events: [],
        deleteWorkIds: [id],
        insertWork: [],
      };
      if ((await this.host.submit(commit)) === 'ok') return;
    }
  }
}
