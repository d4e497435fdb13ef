import { emitEvent, MAX_HISTORY_EVENTS, scheduleTimer, type InterpreterRun } from './interpreter-run.js';
import type { Scope, Snapshot } from './snapshot.js';
import { enterState, finishScope } from './state-flow.js';
import { lookupState } from './state-index.js';

/** AWS redrives an execution only within 14 days of its end... */
export const REDRIVE_WINDOW_MS = 14 * 24 * 60 * 60 * 1000;
/** ...no later than one year after its start (the maximum duration of an execution)... */
export const MAX_EXECUTION_MS = 365 * 24 * 60 * 60 * 1000;
/** ...and only while its history holds fewer than 24,999 events. */
export const MAX_REDRIVE_HISTORY_EVENTS = MAX_HISTORY_EVENTS - 1;

/**
 * Why the execution cannot be redriven at `now` (AWS's `redriveStatusReason` wording where AWS has
 * one), or undefined when it can. `stopTime` defaults to the snapshot's.
 */
export function redriveProblem(snapshot: Snapshot, now: number, stopTime = snapshot.stopTime): string | undefined {
  if (snapshot.status === 'RUNNING' || snapshot.status === 'SUCCEEDED') {
    return `Execution is ${snapshot.status} and cannot be redriven`;
  }
  if (snapshot.notRedrivable !== undefined) return snapshot.notRedrivable;
  if (snapshot.nextEventId - 1 >= MAX_REDRIVE_HISTORY_EVENTS) return 'Execution history event limit exceeded';
  if (snapshot.error === 'States.DataLimitExceeded') {
    return 'Execution failed with States.DataLimitExceeded and cannot be redriven';
  }
  if (stopTime !== undefined && now - stopTime > REDRIVE_WINDOW_MS) return 'Execution redrivable period exceeded';
  if (now - snapshot.startTime > MAX_EXECUTION_MS) return 'Execution exceeded its maximum duration of one year';
  if (!snapshot.scopes.r) return 'Execution ended before redrive was supported and cannot be redriven';
  return undefined;
}

/**
 * RedriveExecution, as AWS does it for Standard workflows: the execution runs again from where it
 * stopped, with the same variables and `$$` values (`$$.Execution.RedriveCount` + 1). Every state
 * that did not finish is entered again, with fresh retry counters; what succeeded is not run again.
 * A Parallel runs again only its branches that failed or were aborted, an inline Map only its
 * iterations that failed (tolerated failures included) or were aborted: AWS "reschedules and
 * redrives only the iterations and branches that failed or aborted". Inside such a branch or
 * iteration the run resumes at its unsuccessful state (AWS redrives each state that has an Entered
 * event without an Exited one); succeeded branches and iterations keep their outputs. The
 * execution-level TimeoutSeconds starts anew (AWS resets it on redrive).
 */
export function redrive(run: InterpreterRun, clientToken: string | undefined): void {
  const { snapshot } = run;
  const root = snapshot.scopes.r;
  if (!root) throw new Error('the execution kept no scope to resume');
  snapshot.status = 'RUNNING';
  delete snapshot.error;
  delete snapshot.cause;
  delete snapshot.stopTime;
  snapshot.redriveCount = (snapshot.redriveCount ?? 0) + 1;
  snapshot.redriveTime = run.ctx.now;
  if (clientToken !== undefined) snapshot.redriveClientToken = clientToken;
  else delete snapshot.redriveClientToken;
  emitEvent(run, root, 'ExecutionRedriven', { redriveCount: snapshot.redriveCount });
  if (run.definition.TimeoutSeconds !== undefined) {
    scheduleTimer(run, root, 'execution-timeout', run.ctx.now + run.definition.TimeoutSeconds * 1000);
  }
  resumeScope(run, root);
}

function resumeScope(run: InterpreterRun, scope: Scope): void {
  const active = scope.current;
  const children = active?.children;
  if (active && children && children.running.length > 0) {
    const state = lookupState(run.index, scope.states, active.name);
    for (const id of children.running) {
      const child = run.snapshot.scopes[id];
      if (!child) continue;
      if (state.Type === 'Map') {
        const { name } = active;
        child.lastEventId = emitEvent(run, scope, 'MapIterationStarted', { name, index: child.index ?? 0 });
      }
      resumeScope(run, child);
    }
    return;
  }
  if (active) {
    run.queue.push(() => enterState(run, scope, active.name, active.input));
    return;
  }
  const leaving = scope.leaving;
  if (leaving?.next !== undefined) {
    const next = leaving.next;
    run.queue.push(() => enterState(run, scope, next, leaving.output));
  } else if (leaving) run.queue.push(() => finishScope(run, scope, leaving.output));
}
