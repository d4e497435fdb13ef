import type Database from 'better-sqlite3';

import type { EngineRecord } from '../store/store-port.js';
import { toEngineRecord, type EngineRow } from './sqlite-rows.js';

export interface SqliteEngines {
  /** Inserts the engine, or replaces the record with the same id. */
  register(record: EngineRecord): void;
  heartbeat(id: string, at: number): void;
  list(): EngineRecord[];
  remove(ids: readonly string[]): void;
}

export function prepareSqliteEngines(db: Database.Database): SqliteEngines {
  const upsert = db.prepare<[string, string, number, number, number]>(
    `INSERT INTO engines (id, host, pid, started_at, heartbeat_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET
       host = excluded.host, pid = excluded.pid, started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at`,
  );
  const updateHeartbeat = db.prepare<[number, string]>('UPDATE engines SET heartbeat_at = ? WHERE id = ?');
  const selectAll = db.prepare<[], EngineRow>(
    'SELECT id, host, pid, started_at, heartbeat_at FROM engines ORDER BY id',
  );
  const deleteById = db.prepare<[string]>('DELETE FROM engines WHERE id = ?');
  const deleteAll = db.transaction((ids: readonly string[]) => {
    for (const id of ids) deleteById.run(id);
  });

  return {
    register(record) {
      upsert.run(record.id, record.host, record.pid, record.startedAt, record.heartbeatAt);
    },
    heartbeat(id, at) {
      updateHeartbeat.run(at, id);
    },
    list() {
      return selectAll.all().map(toEngineRecord);
    },
    remove(ids) {
      if (ids.length > 0) deleteAll.immediate(ids);
    },
  };
}
