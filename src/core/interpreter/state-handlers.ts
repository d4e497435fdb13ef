import type { StateType } from '../definition/asl-types.js';
import type { StateHandler } from './state-handler.js';
import { choiceStateHandler } from './states/choice-state.js';
import { failStateHandler } from './states/fail-state.js';
import { mapStateHandler } from './states/map-state.js';
import { parallelStateHandler } from './states/parallel-state.js';
import { passStateHandler } from './states/pass-state.js';
import { succeedStateHandler } from './states/succeed-state.js';
import { taskStateHandler } from './states/task-state.js';
import { waitStateHandler } from './states/wait-state.js';

/** One handler per ASL state type. */
export const stateHandlers: Record<StateType, StateHandler<never>> = {
  Task: taskStateHandler,
  Pass: passStateHandler,
  Choice: choiceStateHandler,
  Wait: waitStateHandler,
  Succeed: succeedStateHandler,
  Fail: failStateHandler,
  Parallel: parallelStateHandler,
  Map: mapStateHandler,
};
