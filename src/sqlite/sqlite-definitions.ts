import type Database from 'better-sqlite3';

import type { DefinitionRecord } from '../store/store-port.js';
import { toDefinitionRecord, type DefinitionRow } from './sqlite-rows.js';

export interface SqliteDefinitions {
  /** Stores the definition once; saving the same id again changes nothing. */
  save(record: DefinitionRecord): void;
  get(id: string): DefinitionRecord | undefined;
}

export function prepareSqliteDefinitions(db: Database.Database): SqliteDefinitions {
  const insert = db.prepare<[string, string, string, number]>(
    'INSERT INTO definitions (id, state_machine_arn, text, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
  );
  const select = db.prepare<[string], DefinitionRow>(
    'SELECT id, state_machine_arn, text, created_at FROM definitions WHERE id = ?',
  );
  return {
    save(record) {
      insert.run(record.id, record.stateMachineArn, record.text, record.createdAt);
    },
    get(id) {
      const row = select.get(id);
      return row === undefined ? undefined : toDefinitionRecord(row);
    },
  };
}
