import type { InterpreterRun } from './interpreter-run.js';
import type { ActiveState, ChildrenProgress, Scope } from './snapshot.js';

/**
 * Where an ended execution resumes on redrive. Failing or aborting a scope drops it from the
 * snapshot; just before, the transition remembers it here (`run.stopped`), and when the execution
 * then ends otherwise than SUCCEEDED, `resumeScopes` assembles the scopes to keep: the root, and
 * below every Parallel/Map state that did not finish the branches and iterations that did not
 * succeed. Succeeded ones are gone from the tree; their outputs stay in the children progress.
 */

export function childrenKey(scope: Scope, active: ActiveState): string {
  return `${scope.id}@${active.enteredEventId}`;
}

function copyProgress(progress: ChildrenProgress): ChildrenProgress {
  return { ...progress, running: [...progress.running], results: [...progress.results] };
}

/** Remembers a scope as it is now, before a failure or an abort clears it. */
export function rememberStoppedScope(run: InterpreterRun, scope: Scope): void {
  const copy: Scope = { ...scope };
  if (scope.current) {
    copy.current = { ...scope.current };
    if (scope.current.children) copy.current.children = copyProgress(scope.current.children);
  }
  run.stopped.scopes[scope.id] = copy;
}

/** Remembers a Parallel/Map state's children progress before its failure clears it. */
export function rememberStoppedChildren(run: InterpreterRun, scope: Scope): void {
  const active = scope.current;
  if (!active?.children) return;
  run.stopped.children[childrenKey(scope, active)] = copyProgress(active.children);
}

/** The state to enter again: its name, input and times, without the work that was cancelled. */
function restartableState(active: ActiveState): ActiveState {
  const { name, input, enteredEventId, enteredTime } = active;
  return { name, input, enteredEventId, enteredTime, retryCounts: [], retryCount: 0 };
}

/**
 * The progress to resume a Parallel/Map with: failed and aborted children run again, and so do
 * iterations a Map had tolerated as failed (AWS redrives every iteration that failed or aborted).
 */
function resumedProgress(
  run: InterpreterRun,
  scope: Scope,
  progress: ChildrenProgress,
  into: Record<string, Scope>,
): ChildrenProgress {
  const resumed: ChildrenProgress = { ...copyProgress(progress), running: [] };
  for (const id of progress.running) if (collectScope(run, id, into)) resumed.running.push(id);
  const failed = progress.failedIterations;
  if (failed) {
    delete resumed.failedIterations;
    Object.assign(into, failed);
    for (const child of Object.values(failed)) {
      if (child.parent !== scope.id) continue;
      resumed.running.push(child.id);
      resumed.results[child.index ?? 0] = null;
      resumed.finished -= 1;
    }
    resumed.failed = 0;
  }
  return resumed;
}

function collectScope(run: InterpreterRun, id: string, into: Record<string, Scope>): boolean {
  const found = run.stopped.scopes[id] ?? run.snapshot.scopes[id];
  if (!found) return false;
  const scope: Scope = { ...found };
  delete scope.current;
  if (found.current) {
    scope.current = restartableState(found.current);
    const progress = run.stopped.children[childrenKey(found, found.current)] ?? found.current.children;
    if (progress) scope.current.children = resumedProgress(run, found, progress, into);
  }
  into[id] = scope;
  return true;
}

/** The scope `rootId` and every unsuccessful scope below it, ready to be resumed. */
export function resumeScopes(run: InterpreterRun, rootId: string): Record<string, Scope> {
  const into: Record<string, Scope> = {};
  collectScope(run, rootId, into);
  return into;
}
