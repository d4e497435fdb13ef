import { redriveStatusOf, type ExecutionRedriveStatus } from '../engine/redrive-status.js';
import type { ExecutionRecord } from '../store/store-port.js';
import { ApiError } from './api-error.js';
import { epochSeconds } from './epoch-seconds.js';
import type { ServerContext } from './operation.js';
import { parseExecutionArn } from './resource-arns.js';

export function executionDoesNotExist(arn: string): ApiError {
  return new ApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
}

/** The execution of an ARN; InvalidArn, or ExecutionDoesNotExist. */
export async function findExecution(
  context: ServerContext,
  arn: string,
  member = 'executionArn',
): Promise<ExecutionRecord> {
  parseExecutionArn(arn, member);
  const record = await context.store.getExecution(arn);
  if (!record) throw executionDoesNotExist(arn);
  return record;
}

/** `redriveCount` and (once redriven) `redriveDate`, as ListExecutions items carry them. */
function redriveMembers(status: ExecutionRedriveStatus): Record<string, unknown> {
  return {
    redriveCount: status.redriveCount,
    ...(status.redriveDate === undefined ? {} : { redriveDate: epochSeconds(status.redriveDate) }),
  };
}

function listMembers(record: ExecutionRecord, redrive: ExecutionRedriveStatus): Record<string, unknown> {
  return {
    executionArn: record.executionArn,
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: record.status,
    startDate: epochSeconds(record.startDate),
    ...(record.stopDate === null ? {} : { stopDate: epochSeconds(record.stopDate) }),
    ...redriveMembers(redrive),
  };
}

/** An execution as ListExecutions lists it (`now`: the engine clock, for the redrive members). */
export function executionListItem(record: ExecutionRecord, now: number): Record<string, unknown> {
  return listMembers(record, redriveStatusOf(record, now));
}

/**
 * An execution as DescribeExecution describes it, with its redrive members at `now` (engine clock);
 * `withData` false leaves input and output out (METADATA_ONLY).
 */
export function executionDescription(record: ExecutionRecord, now: number, withData = true): Record<string, unknown> {
  const redrive = redriveStatusOf(record, now);
  return {
    ...listMembers(record, redrive),
    redriveStatus: redrive.redriveStatus,
    ...(redrive.redriveStatusReason === undefined ? {} : { redriveStatusReason: redrive.redriveStatusReason }),
    ...(withData ? { input: record.input } : {}),
    inputDetails: { included: withData },
    ...(record.output === null
      ? {}
      : { ...(withData ? { output: record.output } : {}), outputDetails: { included: withData } }),
    ...(record.error === null ? {} : { error: record.error }),
    ...(record.cause === null ? {} : { cause: record.cause }),
  };
}
