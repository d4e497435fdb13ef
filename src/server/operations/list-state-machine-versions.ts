import { validationError } from '../api-error.js';
import { epochSeconds } from '../epoch-seconds.js';
import type { Operation } from '../operation.js';
import { pageCursor } from '../pagination.js';
import { requestMembers, requiredString } from '../request-members.js';
import { parseStateMachineArn } from '../resource-arns.js';
import { stateMachineDoesNotExist } from '../state-machine-lookup.js';

/** ListStateMachineVersions: newest version first, paginated. */
export const listStateMachineVersions: Operation = {
  name: 'ListStateMachineVersions',
  async run(body, context) {
    const input = requestMembers(body);
    const arn = requiredString(input, 'stateMachineArn', { min: 1, max: 256 });
    const parts = parseStateMachineArn(arn);
    if (parts.version !== undefined || parts.alias !== undefined)
      throw validationError(`'stateMachineArn' must be an unqualified state machine ARN: '${arn}'`);
    if (!(await context.registry.getStateMachine(arn))) throw stateMachineDoesNotExist(arn);
    const page = await pageCursor<string>(input, context, `ListStateMachineVersions ${arn}`);
    const records = await context.registry.listStateMachineVersions(arn, {
      ...(page.after !== undefined ? { after: page.after } : {}),
      limit: page.fetchLimit,
    });
    const { rows, nextToken } = page.finish(records, (record) => String(record.version));
    return {
      stateMachineVersions: rows.map((record) => ({
        stateMachineVersionArn: record.stateMachineVersionArn,
        creationDate: epochSeconds(record.creationDate),
      })),
      ...(nextToken ? { nextToken } : {}),
    };
  },
};
