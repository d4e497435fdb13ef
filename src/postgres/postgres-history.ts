import type { HistoryEvent } from '../core/interpreter/history-event.js';
import type { HistoryQuery } from '../store/store-port.js';
import type { PostgresSession } from './postgres-database.js';
import { quoteSchema } from './postgres-schema-name.js';

interface HistoryRow {
  event_id: number;
  previous_event_id: number;
  timestamp: number;
  type: string;
  details: string;
}

/** One history event as the columns of a row: the port's fields, and every other member as JSON text. */
export interface HistoryColumns {
  eventId: number;
  previousEventId: number;
  timestamp: number;
  type: string;
  details: string;
}

export function toHistoryColumns(event: HistoryEvent): HistoryColumns {
  const { id, previousEventId, timestamp, type, ...details } = event;
  return { eventId: id, previousEventId, timestamp, type, details: JSON.stringify(details) };
}

export interface PostgresHistory {
  read(executionArn: string, query: HistoryQuery): Promise<HistoryEvent[]>;
}

export function createPostgresHistory(session: PostgresSession, schema: string): PostgresHistory {
  const history = `${quoteSchema(schema)}.history`;
  // LIMIT NULL is no limit.
  const selectAscending = `SELECT event_id, previous_event_id, timestamp, type, details FROM ${history}
    WHERE execution_arn = $1 AND event_id > $2::bigint ORDER BY event_id ASC LIMIT $3`;
  const selectDescending = `SELECT event_id, previous_event_id, timestamp, type, details FROM ${history}
    WHERE execution_arn = $1 AND event_id < $2::bigint ORDER BY event_id DESC LIMIT $3`;
  return {
    async read(executionArn, query) {
      const limit = query.limit ?? null;
      const result = query.reverse
        ? await session.run<HistoryRow>(selectDescending, [
            executionArn,
            query.afterId ?? Number.MAX_SAFE_INTEGER,
            limit,
          ])
        : await session.run<HistoryRow>(selectAscending, [
            executionArn,
            query.afterId ?? Number.MIN_SAFE_INTEGER,
            limit,
          ]);
      return result.rows.map(toHistoryEvent);
    },
  };
}

function toHistoryEvent(row: HistoryRow): HistoryEvent {
  const details = JSON.parse(row.details) as Record<string, unknown>;
  return {
    id: row.event_id,
    previousEventId: row.previous_event_id,
    timestamp: row.timestamp,
    type: row.type,
    ...details,
  };
}
