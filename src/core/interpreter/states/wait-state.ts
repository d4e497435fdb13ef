import type { WaitState } from '../../definition/asl-types.js';
import { readPath } from '../../data/json-path.js';
import { parseTimestamp } from '../../data/timestamp.js';
import type { Json } from '../../json.js';
import { StatesError } from '../../states-error.js';
import { stateData, type StateData } from '../context-object.js';
import { activeState, scheduleTimer, type InterpreterRun } from '../interpreter-run.js';
import { applyInputPath, applyOutputPath } from '../io-processing.js';
import type { Scope } from '../snapshot.js';
import { evaluateAssign } from '../assignments.js';
import { jsonataField, usesJsonata } from '../query-language.js';
import type { StateHandler } from '../state-handler.js';
import { exitState } from '../state-flow.js';

function secondsToMs(value: Json, source: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new StatesError(
      'States.Runtime',
      `The ${source} value ${JSON.stringify(value)} is not a non-negative integer.`,
    );
  }
  return value * 1000;
}

function timestampToMs(value: Json, source: string): number {
  const at = typeof value === 'string' ? parseTimestamp(value) : undefined;
  if (at === undefined) {
    throw new StatesError(
      'States.Runtime',
      `The ${source} value ${JSON.stringify(value)} is not an RFC3339 timestamp.`,
    );
  }
  return at;
}

/** When the Wait ends, in epoch ms. */
function dueAt(run: InterpreterRun, state: WaitState, effectiveInput: Json, context: StateData): number {
  const read = (path: string, what: string): Json =>
    readPath(path, { input: effectiveInput, ...context }, { error: 'States.Runtime', what });
  if (state.Seconds !== undefined) return run.ctx.now + secondsToMs(state.Seconds, 'Seconds');
  if (state.Timestamp !== undefined) return timestampToMs(state.Timestamp, 'Timestamp');
  if (state.SecondsPath !== undefined) {
    return run.ctx.now + secondsToMs(read(state.SecondsPath, 'SecondsPath'), `SecondsPath '${state.SecondsPath}'`);
  }
  if (state.TimestampPath !== undefined) {
    return timestampToMs(read(state.TimestampPath, 'TimestampPath'), `TimestampPath '${state.TimestampPath}'`);
  }
  throw new StatesError('States.Runtime', 'A Wait state needs Seconds, Timestamp, SecondsPath or TimestampPath.');
}

async function finish(run: InterpreterRun, scope: Scope, state: WaitState): Promise<void> {
  const { input } = activeState(scope);
  const data = stateData(run, scope);
  const jsonata = usesJsonata(run, state);
  const effectiveInput = jsonata ? input : applyInputPath(state.InputPath, input, data);
  const assigned = await evaluateAssign(run, state.Assign, jsonata, data, { input }, effectiveInput);
  const output = jsonata
    ? await jsonataField(run, data, { input }, 'Output', state.Output, input)
    : applyOutputPath(state.OutputPath, effectiveInput, data);
  exitState(run, scope, output, undefined, assigned);
}

/** JSONata: Seconds or Timestamp, each a literal or an expression. */
async function jsonataDueAt(run: InterpreterRun, state: WaitState, input: Json, data: StateData): Promise<number> {
  if (state.Seconds !== undefined) {
    return (
      run.ctx.now + secondsToMs(await jsonataField(run, data, { input }, 'Seconds', state.Seconds, null), 'Seconds')
    );
  }
  return timestampToMs(
    await jsonataField(run, data, { input }, 'Timestamp', state.Timestamp ?? null, null),
    'Timestamp',
  );
}

async function enter(run: InterpreterRun, scope: Scope, state: WaitState): Promise<void> {
  const { input } = activeState(scope);
  const context = stateData(run, scope);
  const until = usesJsonata(run, state)
    ? await jsonataDueAt(run, state, input, context)
    : dueAt(run, state, applyInputPath(state.InputPath, input, context), context);
  if (until <= run.ctx.now) {
    await finish(run, scope, state);
    return;
  }
  activeState(scope).timerId = scheduleTimer(run, scope, 'wait', until);
}

async function onTimer(run: InterpreterRun, scope: Scope, state: WaitState): Promise<void> {
  activeState(scope).timerId = undefined;
  await finish(run, scope, state);
}

export const waitStateHandler: StateHandler<WaitState> = { enter, onTimer, abortedEvent: 'WaitStateAborted' };
