import type { StateDefinition } from '../definition/asl-types.js';
import type { Json } from '../json.js';
import type { ExecutionEvent } from './execution-event.js';
import type { InterpreterRun } from './interpreter-run.js';
import type { PendingPurpose, Scope } from './snapshot.js';

/** A handler step: synchronous for JSONPath, asynchronous where a JSONata expression is evaluated. */
export type Step = void | Promise<void>;

export type TaskResultEvent = Extract<
  ExecutionEvent,
  { type: 'TaskSucceeded' | 'TaskFailed' | 'TaskSubmitted' | 'TaskHeartbeat' | 'ActivityStarted' }
>;

/** What one ASL state type does at each moment of its life. */
export interface StateHandler<S extends StateDefinition = StateDefinition> {
  /** Called right after `<Type>StateEntered` was recorded. */
  enter(run: InterpreterRun, scope: Scope, state: S): Step;
  /** Runs the state's work again after a Retry back-off. */
  attempt?(run: InterpreterRun, scope: Scope, state: S): Step;
  onTimer?(run: InterpreterRun, scope: Scope, state: S, purpose: PendingPurpose): Step;
  onTaskResult?(run: InterpreterRun, scope: Scope, state: S, event: TaskResultEvent): Step;
  onChildSucceeded?(run: InterpreterRun, scope: Scope, state: S, child: Scope, output: Json): Step;
  onChildFailed?(
    run: InterpreterRun,
    scope: Scope,
    state: S,
    child: Scope,
    error: string | undefined,
    cause: string | undefined,
  ): Step;
  /** Records `<Type>StateAborted` where AWS does, after its outstanding work was cancelled. */
  abortedEvent?: string;
}
