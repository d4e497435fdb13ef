import type { Operation } from '../operation.js';
import { executionDescription, findExecution } from '../execution-view.js';
import { optionalEnum, requestMembers, requiredString } from '../request-members.js';

export const describeExecution: Operation = {
  name: 'DescribeExecution',
  async run(body, context) {
    const input = requestMembers(body);
    const arn = requiredString(input, 'executionArn', { min: 1, max: 2048 });
    const includedData = optionalEnum(input, 'includedData', ['ALL_DATA', 'METADATA_ONLY'] as const);
    const record = await findExecution(context, arn);
    return executionDescription(record, context.engine.options.clock.now(), includedData !== 'METADATA_ONLY');
  },
};
