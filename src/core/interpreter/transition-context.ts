import type { Json } from '../json.js';

/** Everything from the outside world one transition may read: injected, so the core stays pure. */
export interface TransitionContext {
  /** epoch ms; every event of the transition carries this time. */
  now: number;
  executionArn: string;
  executionName: string;
  /** The execution's input, for `$$.Execution.Input`. */
  executionInput: Json;
  stateMachineArn: string;
  stateMachineName: string;
  roleArn?: string;
  region?: string;
  /** A number in [0, 1) for retry jitter and States.MathRandom. */
  random: () => number;
  /** A fresh UUID for States.UUID. */
  uuid: () => string;
  /** An unguessable, stable token for a task id (the engine derives it). */
  taskToken: (taskId: string) => string;
}
