import type { HistoryEvent } from '../../core/interpreter/history-event.js';

const SCHEDULED = new Set(['TaskScheduled', 'LambdaFunctionScheduled', 'ActivityScheduled']);

/** The state a scheduled event belongs to: follow `previousEventId` back to its scope's `*StateEntered`. */
function enteredStateName(event: HistoryEvent, byId: ReadonlyMap<number, HistoryEvent>): string | undefined {
  let current: HistoryEvent | undefined = event;
  while (current) {
    if (current.type.endsWith('StateEntered')) {
      const details = current.stateEnteredEventDetails as { name?: unknown } | undefined;
      return typeof details?.name === 'string' ? details.name : undefined;
    }
    current = current.previousEventId > 0 ? byId.get(current.previousEventId) : undefined;
  }
  return undefined;
}

/**
 * The 0-based invocation index of the invocation of `stateName` being carried out now, from the
 * execution's history: the number of that state's scheduled-task events minus one (the scheduled
 * event of the invocation itself is committed together with its work item, so it is there).
 *
 * It counts every invocation of the state in the execution (retries, loops and Map iterations
 * included), as Step Functions Local's per-state counter does. The history is durable, so a restarted
 * engine, or one re-running an invocation after a crash, computes the same index. Like Step Functions
 * Local, concurrent invocations of one state (Map with MaxConcurrency > 1) get an unpredictable order.
 */
export function invocationIndex(history: readonly HistoryEvent[], stateName: string): number {
  const byId = new Map(history.map((event) => [event.id, event]));
  let scheduled = 0;
  for (const event of history) {
    if (SCHEDULED.has(event.type) && enteredStateName(event, byId) === stateName) scheduled++;
  }
  return Math.max(0, scheduled - 1);
}
