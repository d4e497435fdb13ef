import { epochSeconds } from '../epoch-seconds.js';
import { findExecution } from '../execution-view.js';
import type { Operation } from '../operation.js';
import { optionalEnum, requestMembers, requiredString } from '../request-members.js';
import { stateMachineConfiguration } from '../state-machine-view.js';

/**
 * DescribeStateMachineForExecution: the definition the execution runs (it is pinned to the text it
 * started with, whatever UpdateStateMachine did since), with the state machine's current metadata.
 */
export const describeStateMachineForExecution: Operation = {
  name: 'DescribeStateMachineForExecution',
  async run(body, context) {
    const input = requestMembers(body);
    const arn = requiredString(input, 'executionArn', { min: 1, max: 2048 });
    const includedData = optionalEnum(input, 'includedData', ['ALL_DATA', 'METADATA_ONLY'] as const);
    const record = await findExecution(context, arn);
    const definition = await context.store.getDefinition(record.definitionId);
    const stateMachine = await context.registry.getStateMachine(record.stateMachineArn);
    const name = record.stateMachineArn.split(':')[6] ?? '';
    return {
      stateMachineArn: record.stateMachineArn,
      name: stateMachine?.name ?? name,
      definition: includedData === 'METADATA_ONLY' ? '' : (definition?.text ?? ''),
      roleArn: stateMachine?.roleArn ?? '',
      updateDate: epochSeconds(
        stateMachine?.updateDate ?? stateMachine?.creationDate ?? definition?.createdAt ?? record.startDate,
      ),
      ...(stateMachine ? stateMachineConfiguration(stateMachine) : {}),
      ...(stateMachine && stateMachine.definition === definition?.text ? { revisionId: stateMachine.revisionId } : {}),
    };
  },
};
