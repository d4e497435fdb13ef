import type { HistoryEvent } from '../../core/interpreter/history-event.js';
import { epochSeconds } from '../epoch-seconds.js';
import { findExecution } from '../execution-view.js';
import type { Operation } from '../operation.js';
import { pageCursor } from '../pagination.js';
import { optionalBoolean, requestMembers, requiredString } from '../request-members.js';

/** Detail members that carry execution data (left out when includeExecutionData is false). */
const DATA_MEMBERS = new Set(['input', 'output']);

function withoutData(details: unknown): unknown {
  if (typeof details !== 'object' || details === null || Array.isArray(details)) return details;
  return Object.fromEntries(Object.entries(details).filter(([key]) => !DATA_MEMBERS.has(key)));
}

/** A stored event as the API returns it: timestamps in epoch seconds, data optionally left out. */
function apiEvent(event: HistoryEvent, includeData: boolean): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event)) {
    if (key === 'timestamp') result[key] = epochSeconds(event.timestamp);
    else result[key] = !includeData && key.endsWith('EventDetails') ? withoutData(value) : value;
  }
  return result;
}

/** GetExecutionHistory: the events as stored (HistoryEvent shape), paginated, oldest first unless reverseOrder. */
export const getExecutionHistory: Operation = {
  name: 'GetExecutionHistory',
  async run(body, context) {
    const input = requestMembers(body);
    const arn = requiredString(input, 'executionArn', { min: 1, max: 2048 });
    const reverse = optionalBoolean(input, 'reverseOrder') ?? false;
    const includeData = optionalBoolean(input, 'includeExecutionData') ?? true;
    await findExecution(context, arn);
    const page = await pageCursor<number>(
      input,
      context,
      `GetExecutionHistory ${arn} ${reverse ? 'reverse' : 'forward'}`,
      {
        maxTokenLength: 3096,
      },
    );
    const events = await context.store.getHistory(arn, {
      ...(page.after !== undefined ? { afterId: page.after } : {}),
      limit: page.fetchLimit,
      reverse,
    });
    const { rows, nextToken } = page.finish(events, (event) => event.id);
    return { events: rows.map((event) => apiEvent(event, includeData)), ...(nextToken ? { nextToken } : {}) };
  },
};
