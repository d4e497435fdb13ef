import type { HistoryEvent } from '../../core/interpreter/history-event.js';
import type { Json } from '../../core/json.js';

/**
 * History event types a code workflow writes, in the Step Functions shape: each event has one
 * `<type>EventDetails` member (e.g. `branchSucceededEventDetails`); JSON values are encoded strings.
 */
export type WorkflowEventType =
  | 'ExecutionStarted'
  | 'WorkflowStepRecorded'
  | 'WorkflowStepFailed'
  | 'BranchSucceeded'
  | 'BranchFailed'
  | 'XaPrepared'
  | 'SignalReceived'
  | 'SignalDelivered'
  | 'SignalWaitTimedOut'
  | 'WorkflowWaiting'
  | 'WorkflowAttemptFailed'
  | 'WorkflowRetryRequested'
  | 'CommitStarted'
  | 'CompensationStarted'
  | 'ConfirmSucceeded'
  | 'CancelSucceeded'
  | 'CompensationSucceeded'
  | 'XaCommitted'
  | 'XaRolledBack'
  | 'PhaseTwoOperationFailed'
  | 'ExecutionSucceeded'
  | 'ExecutionFailed'
  | 'ExecutionAborted';

/** An event before it is numbered (the commit that writes it numbers it). */
export interface EventDraft {
  type: WorkflowEventType;
  details: Record<string, Json | undefined>;
}

export function eventDraft(type: WorkflowEventType, details: Record<string, Json | undefined>): EventDraft {
  return { type, details };
}

/** JSON values in event details are JSON-encoded strings, as AWS records input and output. */
export function encoded(value: Json | undefined): string {
  return JSON.stringify(value ?? null);
}

/** Numbers drafts after `lastEventId`, each pointing at the one before. */
export function numberEvents(drafts: readonly EventDraft[], lastEventId: number, now: number): HistoryEvent[] {
  return drafts.map((draft, i) => {
    const id = lastEventId + i + 1;
    const details = Object.fromEntries(Object.entries(draft.details).filter(([, value]) => value !== undefined));
    return {
      id,
      previousEventId: id - 1,
      timestamp: now,
      type: draft.type,
      [`${draft.type.charAt(0).toLowerCase()}${draft.type.slice(1)}EventDetails`]: details,
    };
  });
}
