import type { Json } from '../json.js';

/** What happens to an execution from the outside; each one is fed to `transition`. */
export type ExecutionEvent =
  | { type: 'StartExecution'; input: Json }
  | { type: 'TaskSucceeded'; taskId: string; output: Json; startedAt?: number }
  | { type: 'TaskFailed'; taskId: string; error: string; cause: string; startedAt?: number }
  /** A `.waitForTaskToken` task's resource accepted the work: the task now waits for its token. */
  | { type: 'TaskSubmitted'; taskId: string; output: Json; startedAt?: number }
  /** SendTaskHeartbeat: the worker holding the token is still at it. */
  | { type: 'TaskHeartbeat'; taskId: string }
  | { type: 'TimerFired'; timerId: string }
  | { type: 'StopExecution'; error?: string; cause?: string };
