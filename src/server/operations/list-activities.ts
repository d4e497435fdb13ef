import { epochSeconds } from '../epoch-seconds.js';
import type { Operation } from '../operation.js';
import { pageCursor } from '../pagination.js';
import { requestMembers } from '../request-members.js';

/** ListActivities: ordered by name, paginated (`maxResults`, `nextToken`). */
export const listActivities: Operation = {
  name: 'ListActivities',
  async run(body, context) {
    const input = requestMembers(body);
    const page = await pageCursor<string>(input, context, 'ListActivities');
    const records = await context.registry.listActivities({
      ...(page.after !== undefined ? { after: page.after } : {}),
      limit: page.fetchLimit,
    });
    const { rows, nextToken } = page.finish(records, (record) => record.name);
    return {
      activities: rows.map((record) => ({
        activityArn: record.activityArn,
        name: record.name,
        creationDate: epochSeconds(record.creationDate),
      })),
      ...(nextToken ? { nextToken } : {}),
    };
  },
};
