import type { HistoryEvent } from '../core/interpreter/history-event.js';
import type { ExecutionRecord } from '../store/store-port.js';

function stateNameOf(event: HistoryEvent): string {
  const details = (event.stateEnteredEventDetails ?? event.stateExitedEventDetails) as { name?: string } | undefined;
  return details?.name ?? '';
}

function noteOf(event: HistoryEvent): string {
  for (const [key, value] of Object.entries(event)) {
    if (!key.endsWith('EventDetails') || typeof value !== 'object' || value === null) continue;
    const details = value as { error?: string; cause?: string; index?: number };
    if (details.error !== undefined) return `${details.error}${details.cause ? `: ${details.cause}` : ''}`;
    if (details.index !== undefined) return `item ${details.index}`;
  }
  return '';
}

/** A readable timeline: event id, time since start, type, state and a short note. */
export function formatTimeline(events: readonly HistoryEvent[]): string {
  const start = events[0]?.timestamp ?? 0;
  const typeWidth = Math.max(4, ...events.map((event) => event.type.length));
  const lines = events.map((event) => {
    const id = String(event.id).padStart(4);
    const since = `+${event.timestamp - start}ms`.padEnd(10);
    const note = noteOf(event);
    return `${id}  ${since} ${event.type.padEnd(typeWidth)}  ${stateNameOf(event)}${note ? `  (${note})` : ''}`.trimEnd();
  });
  return [`  id  time       ${'event'.padEnd(typeWidth)}  state`, ...lines].join('\n');
}

export function formatOutcome(record: ExecutionRecord): string {
  const lines = [`Status: ${record.status}`];
  if (record.output !== null) lines.push(`Output: ${record.output}`);
  if (record.error !== null) lines.push(`Error:  ${record.error}`);
  if (record.cause !== null) lines.push(`Cause:  ${record.cause}`);
  return lines.join('\n');
}
