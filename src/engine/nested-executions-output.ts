import type { ParentExecution } from '../core/interpreter/snapshot.js';
import type { Json } from '../core/json.js';
import type { ExecutionRecord } from '../store/store-port.js';

/**
 * What a `states:startExecution.sync` Task gets when its child execution ends: the child's
 * DescribeExecution response with AWS's capitalised member names and epoch-millisecond dates.
 * `.sync` keeps `Input` and `Output` as JSON text; `.sync:2` parses them.
 */
export function childExecutionOutput(record: ExecutionRecord, pattern: ParentExecution['pattern']): Json {
  const data = (text: string): Json => (pattern === 'sync:2' ? (JSON.parse(text) as Json) : text);
  const description: Record<string, Json> = {};
  if (record.cause !== null) description.Cause = record.cause;
  if (record.error !== null) description.Error = record.error;
  description.ExecutionArn = record.executionArn;
  description.Input = data(record.input);
  description.InputDetails = { Included: true };
  description.Name = record.name;
  if (record.output !== null) {
    description.Output = data(record.output);
    description.OutputDetails = { Included: true };
  }
  description.StartDate = record.startDate;
  description.StateMachineArn = record.stateMachineArn;
  description.Status = record.status;
  if (record.stopDate !== null) description.StopDate = record.stopDate;
  return description;
}

/** The StartExecution response a `states:startExecution` Task returns (and `.sync` records as TaskSubmitted). */
export function startExecutionOutput(record: Pick<ExecutionRecord, 'executionArn' | 'startDate'>): Json {
  return { ExecutionArn: record.executionArn, StartDate: record.startDate };
}
