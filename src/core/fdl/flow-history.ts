import type { StateMachineDefinition } from '../definition/asl-types.js';
import type { HistoryEvent } from '../interpreter/history-event.js';
import type { Json, JsonObject } from '../json.js';
import { indexFlowStates, type FlowStateIndex, type FlowStateInfo } from './flow-state-index.js';

/** One event of an execution in the flow language's words (Serverless Workflow's GetExecutionHistory). */
export interface FlowHistoryEvent {
  eventId: number;
  type: string;
  /** The step the event belongs to ('' for execution events). */
  stepName: string;
  /** RFC3339 with milliseconds. */
  time: string;
  /** For Task* events: the id of their TaskScheduled event (0 otherwise). */
  scheduleEventId: number;
  eventDetail: JsonObject;
}

interface OpenStep {
  name: string;
  type: string;
  input: Json;
  scheduleEventId: number;
  attempts: number;
  failure?: { error: string; cause: string };
}

const FLOW_ERROR_NAMES: Readonly<Record<string, string>> = { 'States.Timeout': 'FnF.TaskTimeout' };
const CLOSING: Readonly<Record<string, string>> = {
  ExecutionFailed: 'ExecutionFailed',
  ExecutionTimedOut: 'ExecutionTimedOut',
  ExecutionAborted: 'ExecutionStopped',
};

function flowError(error: unknown): string {
  return typeof error === 'string' ? (FLOW_ERROR_NAMES[error] ?? error) : '';
}

function parsed(text: unknown): Json {
  if (typeof text !== 'string') return null;
  try {
    return JSON.parse(text) as Json;
  } catch {
    return text;
  }
}

function details(event: HistoryEvent): Record<string, unknown> {
  for (const [key, value] of Object.entries(event)) {
    if (key.endsWith('EventDetails') && typeof value === 'object' && value !== null) {
      return value as Record<string, unknown>;
    }
  }
  return {};
}

function errorFields(source: Record<string, unknown>): JsonObject {
  const fields: JsonObject = {};
  if (source.error !== undefined) fields.error = flowError(source.error);
  if (typeof source.cause === 'string') fields.cause = source.cause;
  return fields;
}

/** Reads a stored (ASL-shaped) history as the flow's events. */
class FlowHistoryReader {
  readonly events: FlowHistoryEvent[] = [];
  private readonly stateOf = new Map<number, string>();
  private readonly enteredAfter = new Map<number, string>();
  private readonly open = new Map<string, OpenStep>();

  constructor(
    private readonly index: FlowStateIndex,
    source: readonly HistoryEvent[],
  ) {
    for (const event of source) {
      const entered = event.stateEnteredEventDetails as { name?: string } | undefined;
      if (entered?.name !== undefined) this.enteredAfter.set(event.previousEventId, entered.name);
    }
  }

  private emit(event: HistoryEvent, type: string, stepName: string, detail: JsonObject, scheduleEventId = 0): number {
    const eventId = this.events.length + 1;
    const time = new Date(event.timestamp).toISOString();
    this.events.push({ eventId, type, stepName, time, scheduleEventId, eventDetail: detail });
    return eventId;
  }

  private stateName(event: HistoryEvent): string | undefined {
    const own = (details(event) as { name?: unknown }).name;
    const name =
      typeof own === 'string' && event.type.includes('State') ? own : this.stateOf.get(event.previousEventId);
    if (name !== undefined) this.stateOf.set(event.id, name);
    return name;
  }

  read(event: HistoryEvent): void {
    const state = this.stateName(event);
    const info = state === undefined ? undefined : this.index.get(state);
    const detail = details(event);
    if (event.type === 'ExecutionStarted') this.emit(event, event.type, '', { input: parsed(detail.input) });
    else if (event.type === 'ExecutionSucceeded') this.emit(event, event.type, '', { output: parsed(detail.output) });
    else if (CLOSING[event.type] !== undefined) this.close(event, detail);
    else if (event.type.endsWith('StateEntered') && state && info) this.entered(event, state, info, detail);
    else if (event.type.endsWith('StateExited') && info) this.exited(event, info, detail);
    else if (event.type.startsWith('Task') && state) this.task(event, state, detail);
    else if (event.type.startsWith('MapIteration') && info?.metadata?.fdl === 'step')
      this.iteration(event, info.metadata.name, detail);
    else if ((event.type === 'ParallelStateFailed' || event.type === 'MapStateFailed') && state)
      this.failNested(event, state);
  }

  private entered(event: HistoryEvent, state: string, info: FlowStateInfo, detail: Record<string, unknown>): void {
    const metadata = info.metadata;
    if (metadata?.fdl === 'branch-start') {
      this.emit(event, 'BranchEntered', metadata.name, { index: metadata.index });
      return;
    }
    if (metadata?.fdl !== 'step') return;
    const input = parsed(detail.input);
    this.emit(event, 'StepEntered', metadata.name, { input });
    if (metadata.type !== 'task') this.emit(event, 'StepStarted', metadata.name, {});
    if (metadata.type === 'fail' && info.state.Type === 'Fail') {
      const { Error: error, Cause: cause } = info.state;
      this.emit(event, 'StepFailed', metadata.name, errorFields({ error, cause }));
      return;
    }
    this.open.set(state, { name: metadata.name, type: metadata.type, input, scheduleEventId: 0, attempts: 0 });
  }

  private exited(event: HistoryEvent, info: FlowStateInfo, detail: Record<string, unknown>): void {
    const metadata = info.metadata;
    // A choice step ends at its branch's exit state, not when its Choice state picks the branch.
    const ownExit = metadata?.fdl === 'step' && metadata.type !== 'choice';
    const stepState = ownExit ? (detail.name as string) : metadata?.fdl === 'choice-exit' ? metadata.state : undefined;
    const step = stepState === undefined ? undefined : this.open.get(stepState);
    if (stepState !== undefined && step) {
      this.open.delete(stepState);
      this.emit(event, 'StepExited', step.name, this.exitDetail(event, step, info, detail));
    }
    if (info.branch && info.state.End === true)
      this.emit(event, 'BranchExited', info.branch.name, { index: info.branch.index });
  }

  private exitDetail(
    event: HistoryEvent,
    step: OpenStep,
    info: FlowStateInfo,
    detail: Record<string, unknown>,
  ): JsonObject {
    const assigned = (detail.assignedVariables ?? {}) as Record<string, string>;
    const variable = (suffix: string): Json => {
      const key = Object.keys(assigned).find((name) => name.endsWith(suffix));
      return key === undefined ? null : parsed(assigned[key]);
    };
    const result: JsonObject = { input: step.input, output: variable('_output'), local: variable('_local') };
    if (info.state.Type === 'Task') result.resourceArn = info.state.Resource.replace(/\.waitForTaskToken$/, '');
    if (step.failure) {
      const target = this.enteredAfter.get(event.id);
      const targetInfo = target === undefined ? undefined : this.index.get(target);
      Object.assign(result, step.failure, { retryCount: Math.max(0, step.attempts - 1) });
      if (targetInfo?.metadata?.fdl === 'step') result.goto = targetInfo.metadata.name;
    }
    return result;
  }

  private task(event: HistoryEvent, state: string, detail: Record<string, unknown>): void {
    const step = this.open.get(state);
    if (!step) return;
    if (event.type === 'TaskScheduled') {
      const resource = (this.index.get(state)?.state as { Resource?: string } | undefined)?.Resource ?? '';
      step.attempts += 1;
      step.failure = undefined;
      step.scheduleEventId = this.emit(event, event.type, step.name, {
        resourceArn: resource.replace(/\.waitForTaskToken$/, ''),
        input: parsed(detail.parameters),
      });
      return;
    }
    let body: JsonObject = {};
    if (event.type === 'TaskSucceeded' || event.type === 'TaskSubmitted') body = { output: parsed(detail.output) };
    if (event.type === 'TaskFailed' || event.type === 'TaskTimedOut') {
      body = errorFields(detail);
      const { error, cause } = body;
      step.failure = { error: typeof error === 'string' ? error : '', cause: typeof cause === 'string' ? cause : '' };
    }
    this.emit(event, event.type, step.name, body, step.scheduleEventId);
  }

  private iteration(event: HistoryEvent, name: string, detail: Record<string, unknown>): void {
    const index = typeof detail.index === 'number' ? detail.index : 0;
    const type = event.type === 'MapIterationStarted' ? 'IterationEntered' : 'IterationExited';
    if (event.type !== 'MapIterationAborted') this.emit(event, type, name, { index });
  }

  /** A parallel or foreach step failed: the steps still open inside it fail, then the step itself. */
  private failNested(event: HistoryEvent, state: string): void {
    const inside = [...this.open.keys()].filter((name) => this.index.get(name)?.ancestors.includes(state));
    for (const name of [...inside.reverse(), state]) this.failOpen(event, name, undefined);
  }

  private failOpen(event: HistoryEvent, state: string, fallback: Record<string, unknown> | undefined): void {
    const step = this.open.get(state);
    if (!step) return;
    this.open.delete(state);
    const failure = step.failure ?? (fallback ? errorFields(fallback) : {});
    this.emit(event, 'StepFailed', step.name, { ...failure });
  }

  private close(event: HistoryEvent, detail: Record<string, unknown>): void {
    for (const state of [...this.open.keys()].reverse()) this.failOpen(event, state, detail);
    this.emit(event, CLOSING[event.type] ?? event.type, '', errorFields(detail));
  }
}

/**
 * The history of an execution of a compiled flow in the flow's vocabulary: ExecutionStarted, StepEntered,
 * StepStarted (steps other than tasks), TaskScheduled/Started/Submitted/Succeeded/Failed/TimedOut,
 * StepExited (with the step's input, output and the enclosing `$local` after it; a caught error adds
 * error, cause, retryCount and goto), StepFailed, BranchEntered/Exited, IterationEntered/Exited, and
 * ExecutionSucceeded/Failed/TimedOut/Stopped. Bookkeeping states of the compiled machine do not appear.
 */
export function flowHistory(definition: StateMachineDefinition, events: readonly HistoryEvent[]): FlowHistoryEvent[] {
  const reader = new FlowHistoryReader(indexFlowStates(definition), events);
  for (const event of events) reader.read(event);
  return reader.events;
}
