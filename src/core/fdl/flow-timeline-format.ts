import type { FlowHistoryEvent } from './flow-history.js';

function noteOf(event: FlowHistoryEvent): string {
  const detail = event.eventDetail;
  if (typeof detail.error === 'string') {
    const cause = typeof detail.cause === 'string' && detail.cause ? `: ${detail.cause}` : '';
    const retried = typeof detail.retryCount === 'number' ? `, ${detail.retryCount} retries` : '';
    const goto = typeof detail.goto === 'string' ? `, goto ${detail.goto}` : '';
    return `${detail.error}${cause}${retried}${goto}`;
  }
  if (typeof detail.index === 'number') return `index ${detail.index}`;
  return '';
}

/** A readable timeline of a flow's events: event id, time since start, type, step and a short note. */
export function formatFlowTimeline(events: readonly FlowHistoryEvent[]): string {
  const start = Date.parse(events[0]?.time ?? '') || 0;
  const typeWidth = Math.max(4, ...events.map((event) => event.type.length));
  const lines = events.map((event) => {
    const id = String(event.eventId).padStart(4);
    const since = `+${Date.parse(event.time) - start}ms`.padEnd(10);
    const note = noteOf(event);
    return `${id}  ${since} ${event.type.padEnd(typeWidth)}  ${event.stepName}${note ? `  (${note})` : ''}`.trimEnd();
  });
  return [`  id  time       ${'event'.padEnd(typeWidth)}  step`, ...lines].join('\n');
}
