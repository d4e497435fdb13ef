import { ApiError } from '../api-error.js';
import { epochSeconds } from '../epoch-seconds.js';
import { startExecutionOf } from '../execution-start.js';
import type { Operation } from '../operation.js';
import { optionalEnum, requestMembers } from '../request-members.js';
import type { ResolvedStateMachine } from '../state-machine-lookup.js';

/** AWS bills express executions by 100 ms and 64 MB steps; this reports the same shape. */
function billingDetails(durationMs: number): Record<string, number> {
  return { billedMemoryUsedInMB: 64, billedDurationInMilliseconds: Math.max(100, Math.ceil(durationMs / 100) * 100) };
}

function expressOnly(resolved: ResolvedStateMachine): void {
  if (resolved.stateMachine.type !== 'EXPRESS')
    throw new ApiError(
      'StateMachineTypeNotSupported',
      `State Machine Type Not Supported: StartSyncExecution needs an EXPRESS state machine; '${resolved.stateMachine.stateMachineArn}' is ${resolved.stateMachine.type}.`,
    );
}

/**
 * StartSyncExecution (EXPRESS state machines): runs the execution to its end and answers with its
 * outcome (HTTP 200 whether it succeeded or not). Served whatever the Host header (the SDK sends it to `sync-<host>`).
 */
export const startSyncExecution: Operation = {
  name: 'StartSyncExecution',
  async run(body, context) {
    const input = requestMembers(body);
    const includedData = optionalEnum(input, 'includedData', ['ALL_DATA', 'METADATA_ONLY'] as const);
    const withData = includedData !== 'METADATA_ONLY';
    const { executionArn: started, resolved } = await startExecutionOf(input, context, expressOnly);
    const record = await context.engine.waitForExecution(started);
    const stopDate = record.stopDate ?? context.now();
    const status = record.status === 'ABORTED' ? 'FAILED' : record.status;
    return {
      executionArn: record.executionArn,
      stateMachineArn: resolved.version?.stateMachineVersionArn ?? record.stateMachineArn,
      name: record.name,
      startDate: epochSeconds(record.startDate),
      stopDate: epochSeconds(stopDate),
      status,
      ...(record.error === null ? {} : { error: record.error }),
      ...(record.cause === null ? {} : { cause: record.cause }),
      ...(withData ? { input: record.input } : {}),
      inputDetails: { included: withData },
      ...(record.output === null
        ? {}
        : { ...(withData ? { output: record.output } : {}), outputDetails: { included: withData } }),
      billingDetails: billingDetails(stopDate - record.startDate),
    };
  },
};
