import type { TaskState } from '../../definition/asl-types.js';
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

function resourceFields(state: TaskState): Record<string, unknown> {
  const { resourceType, resource } = describeResource(state.Resource);
  return { resourceType, resource };
}

function armHeartbeat(run: InterpreterRun, scope: Scope): void {
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
  const fields = resourceFields(state);
  emitEvent(run, scope, 'TaskStarted', fields, event.startedAt ?? run.ctx.now);
  emitEvent(run, scope, 'TaskSubmitted', { ...fields, ...payloadDetails('output', event.output) });
  armHeartbeat(run, scope);
}

/** SendTaskHeartbeat: restart the heartbeat clock (AWS records no event for it). */
export function onHeartbeat(run: InterpreterRun, scope: Scope): void {
  if (activeState(scope).heartbeatSeconds !== undefined) armHeartbeat(run, scope);
}
