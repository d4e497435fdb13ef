import type { TaskState } from '../../definition/asl-types.js';
import type { Json } from '../../json.js';
import { handleStateError } from '../error-handling.js';
import { activeState, emitEvent, payloadDetails, type InterpreterRun } from '../interpreter-run.js';
import { isActivityArn } from '../resource-description.js';
import type { Scope } from '../snapshot.js';
import type { TaskResultEvent } from '../state-handler.js';
import { errorDetails } from '../state-flow.js';
import { armHeartbeat } from './task-callback.js';

/**
 * Activities: the Task's Resource is an activity ARN. The engine queues the task for workers polling
 * GetActivityTask; the task waits (like `.waitForTaskToken`) until a worker answers with its token.
 * History: ActivityScheduled -> ActivityStarted{workerName} -> ActivitySucceeded | ActivityFailed |
 * ActivityTimedOut, or ActivityScheduleFailed when the task could not be queued.
 */
export function isActivity(state: TaskState): boolean {
  return isActivityArn(state.Resource);
}

export function activityScheduled(
  run: InterpreterRun,
  scope: Scope,
  state: TaskState,
  input: Json,
  timing: Record<string, unknown>,
): void {
  emitEvent(run, scope, 'ActivityScheduled', {
    resource: state.Resource,
    ...payloadDetails('input', input),
    ...timing,
  });
}

/** A worker took the task: record ActivityStarted and start the heartbeat clock. */
function onStarted(run: InterpreterRun, scope: Scope, workerName: string | undefined): void {
  const active = activeState(scope);
  if (active.submitted) return;
  active.submitted = true;
  emitEvent(run, scope, 'ActivityStarted', workerName === undefined ? {} : { workerName });
  armHeartbeat(run, scope);
}

/**
 * The activity-only moments of a task's life; true when the event was one of them. `TaskSubmitted`
 * (the engine queued the task) records nothing: ActivityScheduled already did.
 */
export function onActivityEvent(run: InterpreterRun, scope: Scope, event: TaskResultEvent): boolean {
  if (event.type === 'TaskSubmitted') return true;
  if (event.type === 'ActivityStarted') {
    onStarted(run, scope, event.workerName);
    return true;
  }
  return false;
}

/**
 * The task could not be queued (e.g. the activity does not exist): ActivityScheduleFailed, then the
 * error as AWS words it ("An error occurred while executing the state ...").
 */
export function activityScheduleFailed(run: InterpreterRun, scope: Scope, error: string, cause: string): void {
  const active = activeState(scope);
  const full = `An error occurred while executing the state '${active.name}' (entered at the event id #${active.enteredEventId}). ${cause}`;
  emitEvent(run, scope, 'ActivityScheduleFailed', errorDetails(error, full));
  handleStateError(run, scope, error, full);
}
