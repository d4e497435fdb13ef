import type { Json } from '../../core/json.js';
import { BusinessError, WorkflowUsageError, describeError, isBusinessError } from './business-error.js';
import type { EventDraft } from './workflow-events.js';
import { never } from './operation-tracker.js';
import type { RunScope } from './run-scope.js';
import type { RecordedOutcome } from './workflow-snapshot.js';

/** Names of steps and branches are unique per workflow: a second use in one run is refused. */
export function claimName(scope: RunScope, name: string): void {
  if (typeof name !== 'string' || name === '' || name.includes('/')) {
    throw new WorkflowUsageError(
      `workflow '${scope.workflow}': a step or branch name must be a non-empty string without '/', got ${JSON.stringify(name)}`,
    );
  }
  if (scope.names.has(name)) {
    throw new WorkflowUsageError(
      `workflow '${scope.workflow}' uses the name '${name}' twice: give every step and branch its own name, the same on every run`,
    );
  }
  scope.names.add(name);
}

/** A value as it is recorded (and so as every later run sees it): a JSON copy, or undefined. */
export function asRecorded(value: unknown, what: string): Json | undefined {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(JSON.stringify(value)) as Json;
  } catch (error) {
    throw new WorkflowUsageError(`${what} returned a value that is not JSON: ${describeError(error).cause}`);
  }
}

/** A recorded outcome given back: its output, or its business failure thrown again. */
export function replay<T>(outcome: RecordedOutcome): T {
  if (outcome.ok) return (outcome.output === undefined ? undefined : structuredClone(outcome.output)) as T;
  throw new BusinessError(outcome.cause, outcome.error);
}

/**
 * Runs an operation once per workflow: a recorded outcome is replayed; otherwise `invoke` runs and
 * its result or business failure is recorded (with the event `describe` makes) before it is given
 * back. Other errors are not recorded: the operation runs again on a later run. Once the outcome of
 * the workflow is decided, or the run is over, an unrecorded operation never settles.
 */
export async function runRecorded<T>(
  scope: RunScope,
  key: string,
  what: string,
  invoke: () => Promise<unknown>,
  describe: (outcome: RecordedOutcome) => EventDraft,
): Promise<T> {
  const recorded = scope.writer.snapshot.records[key];
  if (recorded) return replay<T>(recorded);
  // A stopped run (engine stopping, workflow aborted) starts nothing new.
  if (scope.decided || scope.tracker.closed || scope.signal.aborted) return never<T>();
  const outcome = await scope.tracker.track(async () => {
    let fresh: RecordedOutcome;
    try {
      const output = asRecorded(await invoke(), what);
      fresh = output === undefined ? { ok: true } : { ok: true, output };
    } catch (error) {
      if (!isBusinessError(error)) throw error;
      fresh = { ok: false, ...describeError(error) };
    }
    return record(scope, key, fresh, describe);
  });
  return replay<T>(outcome);
}

/** Records `outcome` under `key` unless a record is there already; gives back the one that counts. */
export async function record(
  scope: RunScope,
  key: string,
  outcome: RecordedOutcome,
  describe: (outcome: RecordedOutcome) => EventDraft,
): Promise<RecordedOutcome> {
  if (scope.tracker.closed) return never<RecordedOutcome>();
  await scope.writer.change((snapshot) => {
    if (snapshot.records[key]) return undefined;
    snapshot.records[key] = outcome;
    return { events: [describe(outcome)] };
  });
  scope.progressed = true;
  return scope.writer.snapshot.records[key] ?? outcome;
}
