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

/** An execution as ListExecutions lists it. */
export function executionListItem(record: ExecutionRecord): Record<string, unknown> {
  return {
    executionArn: record.executionArn,
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: record.status,
    startDate: epochSeconds(record.startDate),
    ...(record.stopDate === null ? {} : { stopDate: epochSeconds(record.stopDate) }),
  };
}

/** An execution as DescribeExecution describes it; `withData` false leaves input and output out (METADATA_ONLY). */
export function executionDescription(record: ExecutionRecord, withData = true): Record<string, unknown> {
  return {
    ...executionListItem(record),
    ...(withData ? { input: record.input } : {}),
    inputDetails: { included: withData },
    ...(record.output === null
      ? {}
      : { ...(withData ? { output: record.output } : {}), outputDetails: { included: withData } }),
    ...(record.error === null ? {} : { error: record.error }),
    ...(record.cause === null ? {} : { cause: record.cause }),
  };
}
