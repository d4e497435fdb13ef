import type { PageQuery, StateMachineVersionRecord } from '../store/registry-port.js';
import type { PostgresSession } from './postgres-database.js';
import {
  rowsToRead,
  stateMachineVersionColumns,
  toStateMachineVersionRecord,
  versionAfter,
  type StateMachineVersionRow,
} from '../store/registry-rows.js';
import { quoteSchema } from './postgres-schema-name.js';

export interface PostgresStateMachineVersions {
  publish(
    stateMachineArn: string,
    description: string | null,
    creationDate: number,
  ): Promise<StateMachineVersionRecord | undefined>;
  get(stateMachineVersionArn: string): Promise<StateMachineVersionRecord | undefined>;
  list(stateMachineArn: string, query: PageQuery): Promise<StateMachineVersionRecord[]>;
  delete(stateMachineVersionArn: string): Promise<boolean>;
}

export function createPostgresStateMachineVersions(
  session: PostgresSession,
  schema: string,
): PostgresStateMachineVersions {
  const versions = `${quoteSchema(schema)}.state_machine_versions`;
  // One statement: the UPDATE takes the state machine's row lock and allocates the number, so concurrent
  // publishers (any connection) wait for each other and get distinct numbers; the INSERT copies the
  // definition it locked.
  const publish = `WITH allocated AS (
      UPDATE ${quoteSchema(schema)}.state_machines SET next_version = next_version + 1
      WHERE state_machine_arn = $1
      RETURNING state_machine_arn, next_version - 1 AS version, definition, role_arn, revision_id
    )
    INSERT INTO ${versions} (${stateMachineVersionColumns})
    SELECT state_machine_arn || ':' || version, state_machine_arn, version, definition, role_arn, $2, revision_id, $3
    FROM allocated
    RETURNING ${stateMachineVersionColumns}`;
  const select = `SELECT ${stateMachineVersionColumns} FROM ${versions} WHERE state_machine_version_arn = $1`;
  const newest = `SELECT ${stateMachineVersionColumns} FROM ${versions}
    WHERE state_machine_arn = $1 ORDER BY version DESC LIMIT $2`;
  const before = `SELECT ${stateMachineVersionColumns} FROM ${versions}
    WHERE state_machine_arn = $1 AND version < $2 ORDER BY version DESC LIMIT $3`;
  const deleteByArn = `DELETE FROM ${versions} WHERE state_machine_version_arn = $1`;

  return {
    async publish(stateMachineArn, description, creationDate) {
      const { rows } = await session.run<StateMachineVersionRow>(publish, [stateMachineArn, description, creationDate]);
      return rows[0] === undefined ? undefined : toStateMachineVersionRecord(rows[0]);
    },
    async get(stateMachineVersionArn) {
      const { rows } = await session.run<StateMachineVersionRow>(select, [stateMachineVersionArn]);
      return rows[0] === undefined ? undefined : toStateMachineVersionRecord(rows[0]);
    },
    async list(stateMachineArn, query) {
      const limit = rowsToRead(query);
      const after = versionAfter(query);
      const { rows } =
        after === undefined
          ? await session.run<StateMachineVersionRow>(newest, [stateMachineArn, limit])
          : await session.run<StateMachineVersionRow>(before, [stateMachineArn, after, limit]);
      return rows.map(toStateMachineVersionRecord);
    },
    async delete(stateMachineVersionArn) {
      const { rowCount } = await session.run(deleteByArn, [stateMachineVersionArn]);
      return (rowCount ?? 0) > 0;
    },
  };
}
