import type { TaskState } from '../../definition/asl-types.js';
import { readPath } from '../../data/json-path.js';
import type { Json } from '../../json.js';
import { StatesError } from '../../states-error.js';
import { stateData, type StateData } from '../context-object.js';
import { evaluateAssign } from '../assignments.js';
import { handleStateError } from '../error-handling.js';
import { jsonataField, usesJsonata } from '../query-language.js';
import {
  activeState,
  cancelWork,
  emitEvent,
  nextId,
  payloadDetails,
  scheduleTimer,
  stringify,
  type InterpreterRun,
} from '../interpreter-run.js';
import { applyInputPath, applyOutputPath, applyResultPath, applyTemplate } from '../io-processing.js';
import { describeResource } from '../resource-description.js';
import { dataLimitExceeded, exceedsBytes } from '../data-limits.js';
import { activityScheduled, activityScheduleFailed, isActivity, onActivityEvent } from './task-activity.js';
import { isCallback, isNestedSync, onHeartbeat, onSubmitted } from './task-callback.js';
import type { Scope } from '../snapshot.js';
import type { StateHandler, TaskResultEvent } from '../state-handler.js';
import { errorDetails, exitState } from '../state-flow.js';

function secondsField(
  state: TaskState,
  field: 'Timeout' | 'Heartbeat',
  input: Json,
  context: StateData,
): number | undefined {
  const fixed = state[`${field}Seconds`];
  if (fixed !== undefined) return fixed;
  const path = state[`${field}SecondsPath`];
  if (path === undefined) return undefined;
  const value = readPath(path, { input, ...context }, { error: 'States.Runtime', what: `${field}SecondsPath` });
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new StatesError('States.Runtime', `${field}SecondsPath '${path}' must select a positive integer`);
  }
  return value;
}

interface TaskRequest {
  parameters: Json;
  timeoutSeconds: number | undefined;
  heartbeatSeconds: number | undefined;
}

/** What the resource receives: JSONPath InputPath + Parameters, or JSONata Arguments. */
async function taskRequest(
  run: InterpreterRun,
  state: TaskState,
  input: Json,
  context: StateData,
): Promise<TaskRequest> {
  if (!usesJsonata(run, state)) {
    const effectiveInput = applyInputPath(state.InputPath, input, context);
    return {
      parameters: applyTemplate('Parameters', state.Parameters, effectiveInput, context, run.ctx),
      timeoutSeconds: secondsField(state, 'Timeout', effectiveInput, context),
      heartbeatSeconds: secondsField(state, 'Heartbeat', effectiveInput, context),
    };
  }
  const seconds = async (field: 'TimeoutSeconds' | 'HeartbeatSeconds'): Promise<number | undefined> => {
    const value = await jsonataField(run, context, { input }, field, state[field], null);
    if (value === null) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
      throw new StatesError(
        'States.QueryEvaluationError',
        `${field} must be a positive integer, got ${JSON.stringify(value)}`,
      );
    }
    return value;
  };
  return {
    parameters: await jsonataField(run, context, { input }, 'Arguments', state.Arguments, input),
    timeoutSeconds: await seconds('TimeoutSeconds'),
    heartbeatSeconds: await seconds('HeartbeatSeconds'),
  };
}

async function attempt(run: InterpreterRun, scope: Scope, state: TaskState): Promise<void> {
  const active = activeState(scope);
  const taskId = nextId(run, 't');
  const context = stateData(run, scope, { taskId });
  const { parameters, timeoutSeconds, heartbeatSeconds } = await taskRequest(run, state, active.input, context);
  const description = describeResource(state.Resource);
  const timing: Record<string, unknown> = {};
  if (timeoutSeconds !== undefined) timing.timeoutInSeconds = timeoutSeconds;
  if (heartbeatSeconds !== undefined) timing.heartbeatInSeconds = heartbeatSeconds;
  if (description.family === 'Activity') {
    activityScheduled(run, scope, state, parameters, timing);
  } else if (description.family === 'LambdaFunction') {
    emitEvent(run, scope, 'LambdaFunctionScheduled', {
      resource: state.Resource,
      ...payloadDetails('input', parameters),
      ...timing,
    });
  } else {
    emitEvent(run, scope, 'TaskScheduled', {
      resourceType: description.resourceType,
      resource: description.resource,
      region: run.ctx.region ?? 'us-east-1',
      parameters: stringify(parameters),
      ...timing,
    });
  }
  run.snapshot.pending[taskId] = { scope: scope.id, purpose: 'task' };
  active.taskId = taskId;
  active.submitted = undefined;
  const waits = isCallback(state) || isActivity(state) || isNestedSync(state);
  active.heartbeatSeconds = isCallback(state) || isActivity(state) ? heartbeatSeconds : undefined;
  run.commands.push({
    type: 'InvokeTask',
    taskId,
    stateName: active.name,
    resource: state.Resource,
    input: parameters,
    attempt: active.retryCount + 1,
    waitForTaskToken: waits,
    ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
    ...(heartbeatSeconds !== undefined ? { heartbeatSeconds } : {}),
  });
  if (timeoutSeconds !== undefined) {
    active.timeoutId = scheduleTimer(run, scope, 'task-timeout', run.ctx.now + timeoutSeconds * 1000);
  }
}

function resourceFields(state: TaskState): Record<string, unknown> {
  const description = describeResource(state.Resource);
  return description.family !== 'Task'
    ? {}
    : { resourceType: description.resourceType, resource: description.resource };
}

function eventType(state: TaskState, suffix: string): string {
  return `${describeResource(state.Resource).family}${suffix}`;
}

async function onTaskResult(
  run: InterpreterRun,
  scope: Scope,
  state: TaskState,
  event: TaskResultEvent,
): Promise<void> {
  const active = activeState(scope);
  const activity = isActivity(state);
  if (activity && onActivityEvent(run, scope, event)) return;
  if (event.type === 'ActivityStarted') return;
  if (event.type === 'TaskSubmitted') return onSubmitted(run, scope, state, event);
  if (event.type === 'TaskHeartbeat') return onHeartbeat(run, scope);
  active.taskId = undefined;
  cancelWork(run, active.timeoutId);
  cancelWork(run, active.heartbeatId);
  active.timeoutId = undefined;
  active.heartbeatId = undefined;
  const started = resourceFields(state);
  if (activity && !active.submitted && event.type === 'TaskFailed') {
    activityScheduleFailed(run, scope, event.error, event.cause);
    return;
  }
  if (!active.submitted && !activity)
    emitEvent(run, scope, eventType(state, 'Started'), started, event.startedAt ?? run.ctx.now);
  if (event.type === 'TaskFailed') {
    emitEvent(run, scope, eventType(state, 'Failed'), { ...started, ...errorDetails(event.error, event.cause) });
    handleStateError(run, scope, event.error, event.cause);
    return;
  }
  const resultText = stringify(event.output);
  if (exceedsBytes(resultText)) {
    // A result over the limit fails the task; Retry and Catch (States.ALL too) apply, as AWS records it.
    const { error, cause } = dataLimitExceeded(state.Resource);
    emitEvent(run, scope, eventType(state, 'Failed'), { ...started, ...errorDetails(error, cause) });
    handleStateError(run, scope, error, cause);
    return;
  }
  emitEvent(run, scope, eventType(state, 'Succeeded'), {
    ...started,
    output: resultText,
    outputDetails: { truncated: false },
  });
  const context = stateData(run, scope);
  if (usesJsonata(run, state)) {
    const states = { input: active.input, result: event.output };
    const output = await jsonataField(run, context, states, 'Output', state.Output, event.output);
    exitState(
      run,
      scope,
      output,
      undefined,
      await evaluateAssign(run, state.Assign, true, context, states, event.output),
    );
    return;
  }
  const selected = applyTemplate('ResultSelector', state.ResultSelector, event.output, context, run.ctx);
  const assigned = await evaluateAssign(
    run,
    state.Assign,
    false,
    context,
    { input: active.input, result: selected },
    selected,
  );
  const merged = applyResultPath(state.ResultPath, active.input, selected);
  exitState(run, scope, applyOutputPath(state.OutputPath, merged, context), undefined, assigned);
}

async function onTimer(run: InterpreterRun, scope: Scope, state: TaskState, purpose: string): Promise<void> {
  const active = activeState(scope);
  if (purpose === 'retry') {
    active.timerId = undefined;
    await attempt(run, scope, state);
    return;
  }
  const heartbeat = purpose === 'heartbeat-timeout';
  if (heartbeat) active.heartbeatId = undefined;
  else active.timeoutId = undefined;
  cancelWork(run, active.taskId);
  cancelWork(run, active.timeoutId);
  cancelWork(run, active.heartbeatId);
  active.taskId = active.timeoutId = active.heartbeatId = undefined;
  const error = heartbeat ? 'States.HeartbeatTimeout' : 'States.Timeout';
  const cause = heartbeat
    ? 'The task sent no heartbeat within its HeartbeatSeconds.'
    : 'The task did not finish within its TimeoutSeconds.';
  emitEvent(run, scope, eventType(state, 'TimedOut'), { ...resourceFields(state), ...errorDetails(error, cause) });
  handleStateError(run, scope, error, cause);
}

export const taskStateHandler: StateHandler<TaskState> = {
  enter: attempt,
  attempt,
  onTaskResult,
  onTimer,
  abortedEvent: 'TaskStateAborted',
};
