import type { Json } from '../json.js';
import type { ParentExecution } from './snapshot.js';

/** What happens to an execution from the outside; each one is fed to `transition`. */
export type ExecutionEvent =
  | { type: 'StartExecution'; input: Json; parent?: ParentExecution }
  | { type: 'TaskSucceeded'; taskId: string; output: Json; startedAt?: number }
  | { type: 'TaskFailed'; taskId: string; error: string; cause: string; startedAt?: number }
  /** A `.waitForTaskToken` task's resource accepted the work: the task now waits for its token. */
  | { type: 'TaskSubmitted'; taskId: string; output: Json; startedAt?: number }
  /** SendTaskHeartbeat: the worker holding the token is still at it. */
  | { type: 'TaskHeartbeat'; taskId: string }
  /** GetActivityTask: a worker took the activity task (it answers with the task's token). */
  | { type: 'ActivityStarted'; taskId: string; workerName?: string }
  | { type: 'TimerFired'; timerId: string }
  | { type: 'StopExecution'; error?: string; cause?: string }
  /** RedriveExecution: an execution that ended FAILED, TIMED_OUT or ABORTED resumes where it stopped. */
  | { type: 'RedriveExecution'; clientToken?: string };
