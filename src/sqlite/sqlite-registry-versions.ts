import type Database from 'better-sqlite3';

import type { PageQuery, StateMachineVersionRecord } from '../store/registry-port.js';
import {
  rowsToRead,
  stateMachineVersionColumns,
  toStateMachineVersionRecord,
  versionAfter,
  type StateMachineVersionRow,
} from '../store/registry-rows.js';

export interface SqliteStateMachineVersions {
  /** Allocates the next number (the state machine row's `next_version`) and inserts, in one transaction. */
  publish(
    stateMachineArn: string,
    description: string | null,
    creationDate: number,
  ): StateMachineVersionRecord | undefined;
  get(stateMachineVersionArn: string): StateMachineVersionRecord | undefined;
  list(stateMachineArn: string, query: PageQuery): StateMachineVersionRecord[];
  delete(stateMachineVersionArn: string): boolean;
}

export function prepareSqliteStateMachineVersions(db: Database.Database): SqliteStateMachineVersions {
  const allocateVersion = db.prepare<
    [string],
    { version: number; definition: string; role_arn: string; revision_id: string }
  >(
    `UPDATE state_machines SET next_version = next_version + 1 WHERE state_machine_arn = ?
     RETURNING next_version - 1 AS version, definition, role_arn, revision_id`,
  );
  const insertVersion = db.prepare<[StateMachineVersionRecord], StateMachineVersionRow>(
    `INSERT INTO state_machine_versions (${stateMachineVersionColumns})
     VALUES (@stateMachineVersionArn, @stateMachineArn, @version, @definition, @roleArn, @description,
       @revisionId, @creationDate)
     RETURNING ${stateMachineVersionColumns}`,
  );
  const selectVersion = db.prepare<[string], StateMachineVersionRow>(
    `SELECT ${stateMachineVersionColumns} FROM state_machine_versions WHERE state_machine_version_arn = ?`,
  );
  const newestVersions = db.prepare<[string, number], StateMachineVersionRow>(
    `SELECT ${stateMachineVersionColumns} FROM state_machine_versions
     WHERE state_machine_arn = ? ORDER BY version DESC LIMIT ?`,
  );
  const versionsBefore = db.prepare<[string, number, number], StateMachineVersionRow>(
    `SELECT ${stateMachineVersionColumns} FROM state_machine_versions
     WHERE state_machine_arn = ? AND version < ? ORDER BY version DESC LIMIT ?`,
  );
  const deleteVersion = db.prepare<[string]>('DELETE FROM state_machine_versions WHERE state_machine_version_arn = ?');

  const publish = db.transaction((stateMachineArn: string, description: string | null, creationDate: number) => {
    const allocated = allocateVersion.get(stateMachineArn);
    if (allocated === undefined) return undefined;
    const row = insertVersion.get({
      stateMachineVersionArn: `${stateMachineArn}:${allocated.version}`,
      stateMachineArn,
      version: allocated.version,
      definition: allocated.definition,
      roleArn: allocated.role_arn,
      description,
      revisionId: allocated.revision_id,
      creationDate,
    });
    return row === undefined ? undefined : toStateMachineVersionRecord(row);
  });

  return {
    publish: (stateMachineArn, description, creationDate) =>
      publish.immediate(stateMachineArn, description, creationDate),
    get(stateMachineVersionArn) {
      const row = selectVersion.get(stateMachineVersionArn);
      return row === undefined ? undefined : toStateMachineVersionRecord(row);
    },
    list(stateMachineArn, query) {
      const limit = rowsToRead(query);
      const after = versionAfter(query);
      const rows =
        after === undefined
          ? newestVersions.all(stateMachineArn, limit)
          : versionsBefore.all(stateMachineArn, after, limit);
      return rows.map(toStateMachineVersionRecord);
    },
    delete: (stateMachineVersionArn) => deleteVersion.run(stateMachineVersionArn).changes > 0,
  };
}
