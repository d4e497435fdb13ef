import type { DefinitionRecord } from '../store/store-port.js';
import type { PostgresSession } from './postgres-database.js';
import { toDefinitionRecord, type DefinitionRow } from './postgres-rows.js';
import { quoteSchema } from './postgres-schema-name.js';

export interface PostgresDefinitions {
  /** Stores the definition once; saving the same id again changes nothing. */
  save(record: DefinitionRecord): Promise<void>;
  get(id: string): Promise<DefinitionRecord | undefined>;
}

export function createPostgresDefinitions(session: PostgresSession, schema: string): PostgresDefinitions {
  const definitions = `${quoteSchema(schema)}.definitions`;
  const insert = `INSERT INTO ${definitions} (id, state_machine_arn, text, created_at) VALUES ($1, $2, $3, $4)
    ON CONFLICT (id) DO NOTHING`;
  const select = `SELECT id, state_machine_arn, text, created_at FROM ${definitions} WHERE id = $1`;
  return {
    async save(record) {
      await session.run(insert, [record.id, record.stateMachineArn, record.text, record.createdAt]);
    },
    async get(id) {
      const row = (await session.run<DefinitionRow>(select, [id], 'unwind_get_definition')).rows[0];
      return row === undefined ? undefined : toDefinitionRecord(row);
    },
  };
}
