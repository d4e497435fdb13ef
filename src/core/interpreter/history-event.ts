/**
 * One entry of an execution's history, in the shape of the Step Functions
 * `HistoryEvent`: `id` counts from 1, `previousEventId` names the causal
 * predecessor, and exactly one `<type>EventDetails` member carries the details
 * (input/output values are JSON-encoded strings, as AWS records them).
 * `timestamp` is epoch milliseconds here; the API layer converts it.
 */
export interface HistoryEvent {
  id: number;
  previousEventId: number;
  timestamp: number;
  type: string;
  [details: string]: unknown;
}
