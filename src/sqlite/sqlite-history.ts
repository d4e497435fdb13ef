import type Database from 'better-sqlite3';

import type { HistoryEvent } from '../core/interpreter/history-event.js';
import type { HistoryQuery } from '../store/store-port.js';

export interface SqliteHistory {
  /** Appends the events of one transition as one row. */
  append(executionId: number, events: readonly HistoryEvent[]): void;
  read(executionArn: string, query: HistoryQuery): HistoryEvent[];
}

/**
 * History is stored one row per transition (a JSON array of its events), so a transition
 * costs one insert whatever its number of events; reads unpack the rows and apply the
 * `afterId`/`limit`/`reverse` query on events.
 */
export function prepareSqliteHistory(db: Database.Database): SqliteHistory {
  const insert = db.prepare<[number, number, number, string]>(
    'INSERT INTO history (execution_id, first_event_id, last_event_id, events) VALUES (?, ?, ?, ?)',
  );
  const selectId = db.prepare<[string], { id: number }>('SELECT id FROM executions WHERE execution_arn = ?');
  const selectAscending = db.prepare<[number, number], { events: string }>(
    `SELECT events FROM history WHERE execution_id = ? AND last_event_id > ? ORDER BY first_event_id ASC`,
  );
  const selectDescending = db.prepare<[number, number], { events: string }>(
    `SELECT events FROM history WHERE execution_id = ? AND first_event_id < ? ORDER BY first_event_id DESC`,
  );
  return {
    append(executionId, events) {
      const first = events[0];
      const last = events[events.length - 1];
      if (!first || !last) return;
      insert.run(executionId, first.id, last.id, JSON.stringify(events));
    },
    read(executionArn, query) {
      const execution = selectId.get(executionArn);
      if (!execution) return [];
      const limit = query.limit ?? Number.POSITIVE_INFINITY;
      if (limit <= 0) return [];
      return query.reverse
        ? collect(
            selectDescending.iterate(execution.id, query.afterId ?? Number.MAX_SAFE_INTEGER),
            limit,
            (id) => (query.afterId === undefined ? true : id < query.afterId),
            true,
          )
        : collect(
            selectAscending.iterate(execution.id, query.afterId ?? Number.MIN_SAFE_INTEGER),
            limit,
            (id) => (query.afterId === undefined ? true : id > query.afterId),
            false,
          );
    },
  };
}

function collect(
  rows: Iterable<{ events: string }>,
  limit: number,
  wanted: (id: number) => boolean,
  reverse: boolean,
): HistoryEvent[] {
  const result: HistoryEvent[] = [];
  for (const row of rows) {
    const events = JSON.parse(row.events) as HistoryEvent[];
    if (reverse) events.reverse();
    for (const event of events) {
      if (!wanted(event.id)) continue;
      result.push(event);
      if (result.length >= limit) return result;
    }
  }
  return result;
}
