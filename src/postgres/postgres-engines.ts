import type { EngineRecord } from '../store/store-port.js';
import type { PostgresSession } from './postgres-database.js';
import { toEngineRecord, type EngineRow } from './postgres-rows.js';
import { quoteSchema } from './postgres-schema-name.js';

export interface PostgresEngines {
  /** Inserts the engine, or replaces the record with the same id. */
  register(record: EngineRecord): Promise<void>;
  heartbeat(id: string, at: number): Promise<void>;
  list(): Promise<EngineRecord[]>;
  remove(ids: readonly string[]): Promise<void>;
}

export function createPostgresEngines(session: PostgresSession, schema: string): PostgresEngines {
  const engines = `${quoteSchema(schema)}.engines`;
  const upsert = `INSERT INTO ${engines} (id, host, pid, started_at, heartbeat_at) VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (id) DO UPDATE SET
      host = excluded.host, pid = excluded.pid, started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at`;
  const updateHeartbeat = `UPDATE ${engines} SET heartbeat_at = $2 WHERE id = $1`;
  const selectAll = `SELECT id, host, pid, started_at, heartbeat_at FROM ${engines} ORDER BY id`;
  const deleteByIds = `DELETE FROM ${engines} WHERE id = ANY($1::text[])`;
  return {
    async register(record) {
      await session.run(upsert, [record.id, record.host, record.pid, record.startedAt, record.heartbeatAt]);
    },
    async heartbeat(id, at) {
      await session.run(updateHeartbeat, [id, at], 'unwind_heartbeat_engine');
    },
    async list() {
      return (await session.run<EngineRow>(selectAll)).rows.map(toEngineRecord);
    },
    async remove(ids) {
      if (ids.length > 0) await session.run(deleteByIds, [ids]);
    },
  };
}
