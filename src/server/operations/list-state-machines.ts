import { epochSeconds } from '../epoch-seconds.js';
import type { Operation } from '../operation.js';
import { pageCursor } from '../pagination.js';
import { requestMembers } from '../request-members.js';

/** ListStateMachines: ordered by name, paginated. */
export const listStateMachines: Operation = {
  name: 'ListStateMachines',
  async run(body, context) {
    const input = requestMembers(body);
    const page = await pageCursor<string>(input, context, 'ListStateMachines');
    const records = await context.registry.listStateMachines({
      ...(page.after !== undefined ? { after: page.after } : {}),
      limit: page.fetchLimit,
    });
    const { rows, nextToken } = page.finish(records, (record) => record.name);
    return {
      stateMachines: rows.map((record) => ({
        stateMachineArn: record.stateMachineArn,
        name: record.name,
        type: record.type,
        creationDate: epochSeconds(record.creationDate),
      })),
      ...(nextToken ? { nextToken } : {}),
    };
  },
};
