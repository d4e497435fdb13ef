import type { TaskState } from '../../definition/asl-types.js';
import { isJsonObject } from '../../json.js';
import {
  activeState,
  cancelWork,
  emitEvent,
  payloadDetails,
  scheduleTimer,
  type InterpreterRun,
} from '../interpreter-run.js';
import { describeResource } from '../resource-description.js';
import type { Scope } from '../snapshot.js';
import type { TaskResultEvent } from '../state-handler.js';

/** `.waitForTaskToken`: the resource only submits the work; SendTaskSuccess/Failure with the token ends it. */
export function isCallback(state: TaskState): boolean {
  return state.Resource.endsWith('.waitForTaskToken');
}

const NESTED_SYNC = /^arn:aws[\w-]*:states:::states:startExecution\.sync(?::2)?$/;

/** `states:startExecution.sync` (`.sync:2`): the call starts a child execution; its end ends the task. */
export function isNestedSync(state: TaskState): boolean {
  return NESTED_SYNC.test(state.Resource);
}

function resourceFields(state: TaskState): Record<string, unknown> {
  const { resourceType, resource } = describeResource(state.Resource);
  return { resourceType, resource };
}

/** (Re)starts the heartbeat clock of the active task, when it has HeartbeatSeconds. */
export function armHeartbeat(run: InterpreterRun, scope: Scope): void {
  const active = activeState(scope);
  cancelWork(run, active.heartbeatId);
  active.heartbeatId =
    active.heartbeatSeconds === undefined
      ? undefined
      : scheduleTimer(run, scope, 'heartbeat-timeout', run.ctx.now + active.heartbeatSeconds * 1000);
}

/** The resource accepted the work: record TaskStarted and TaskSubmitted, then wait for the token (and heartbeats). */
export function onSubmitted(
  run: InterpreterRun,
  scope: Scope,
  state: TaskState,
  event: Extract<TaskResultEvent, { type: 'TaskSubmitted' }>,
): void {
  const active = activeState(scope);
  if (active.submitted) return;
  active.submitted = true;
  const pending = active.taskId === undefined ? undefined : run.snapshot.pending[active.taskId];
  const child = isJsonObject(event.output) ? event.output.ExecutionArn : undefined;
  // The child execution is stopped if this task stops waiting for it (timeout, abort, stop).
  if (pending && isNestedSync(state) && typeof child === 'string') pending.childExecutionArn = child;
  const fields = resourceFields(state);
  emitEvent(run, scope, 'TaskStarted', fields, event.startedAt ?? run.ctx.now);
  emitEvent(run, scope, 'TaskSubmitted', { ...fields, ...payloadDetails('output', event.output) });
  armHeartbeat(run, scope);
}

/** SendTaskHeartbeat: restart the heartbeat clock (AWS records no event for it). */
export function onHeartbeat(run: InterpreterRun, scope: Scope): void {
  if (activeState(scope).heartbeatSeconds !== undefined) armHeartbeat(run, scope);
}
