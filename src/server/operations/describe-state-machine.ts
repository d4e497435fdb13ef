import type { Operation } from '../operation.js';
import { optionalEnum, requestMembers, requiredString } from '../request-members.js';
import { findStateMachine } from '../state-machine-lookup.js';
import { stateMachineDescription } from '../state-machine-view.js';

export const describeStateMachine: Operation = {
  name: 'DescribeStateMachine',
  async run(body, context) {
    const input = requestMembers(body);
    const arn = requiredString(input, 'stateMachineArn', { min: 1, max: 256 });
    const includedData = optionalEnum(input, 'includedData', ['ALL_DATA', 'METADATA_ONLY'] as const);
    const resolved = await findStateMachine(context, arn);
    return stateMachineDescription(resolved, includedData !== 'METADATA_ONLY');
  },
};
