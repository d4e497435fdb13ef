import type Database from 'better-sqlite3';

import type { PageQuery, StateMachineRecord, UpdateStateMachinePatch } from '../store/registry-port.js';
import { rowsToRead, stateMachineColumns, toStateMachineRecord, type StateMachineRow } from '../store/registry-rows.js';

export interface SqliteStateMachines {
  create(record: StateMachineRecord): { created: boolean; record: StateMachineRecord };
  get(stateMachineArn: string): StateMachineRecord | undefined;
  update(stateMachineArn: string, patch: UpdateStateMachinePatch): StateMachineRecord | undefined;
  delete(stateMachineArn: string): boolean;
  list(query: PageQuery): StateMachineRecord[];
}

/** The patch as named parameters: a `set_*` flag per field tells a field to keep (0) from one to set (1). */
interface UpdateParameters {
  arn: string;
  set_definition: number;
  definition: string | null;
  set_role_arn: number;
  role_arn: string | null;
  set_description: number;
  description: string | null;
  set_logging: number;
  logging: string | null;
  set_tracing: number;
  tracing: string | null;
  update_date: number;
  revision_id: string;
}

export function prepareSqliteStateMachines(db: Database.Database): SqliteStateMachines {
  const insert = db.prepare<[StateMachineRecord], StateMachineRow>(
    `INSERT INTO state_machines (${stateMachineColumns})
     VALUES (@stateMachineArn, @name, @type, @definition, @roleArn, @description,
       @loggingConfiguration, @tracingConfiguration, @creationDate, @updateDate, @revisionId)
     ON CONFLICT (state_machine_arn) DO NOTHING
     RETURNING ${stateMachineColumns}`,
  );
  const select = db.prepare<[string], StateMachineRow>(
    `SELECT ${stateMachineColumns} FROM state_machines WHERE state_machine_arn = ?`,
  );
  const update = db.prepare<[UpdateParameters], StateMachineRow>(
    `UPDATE state_machines SET
       definition = CASE WHEN @set_definition THEN @definition ELSE definition END,
       role_arn = CASE WHEN @set_role_arn THEN @role_arn ELSE role_arn END,
       description = CASE WHEN @set_description THEN @description ELSE description END,
       logging_configuration = CASE WHEN @set_logging THEN @logging ELSE logging_configuration END,
       tracing_configuration = CASE WHEN @set_tracing THEN @tracing ELSE tracing_configuration END,
       update_date = @update_date,
       revision_id = @revision_id
     WHERE state_machine_arn = @arn
     RETURNING ${stateMachineColumns}`,
  );
  const deleteStateMachine = db.prepare<[string]>('DELETE FROM state_machines WHERE state_machine_arn = ?');
  const deleteVersionsOf = db.prepare<[string]>('DELETE FROM state_machine_versions WHERE state_machine_arn = ?');
  const deleteTagsOf = db.prepare<[string]>('DELETE FROM tags WHERE resource_arn = ?');
  const firstPage = db.prepare<[number], StateMachineRow>(
    `SELECT ${stateMachineColumns} FROM state_machines ORDER BY name, state_machine_arn LIMIT ?`,
  );
  const pageAfter = db.prepare<[string, number], StateMachineRow>(
    `SELECT ${stateMachineColumns} FROM state_machines WHERE name > ? ORDER BY name, state_machine_arn LIMIT ?`,
  );

  const create = db.transaction((record: StateMachineRecord) => {
    const inserted = insert.get(record);
    if (inserted !== undefined) return { created: true, record: toStateMachineRecord(inserted) };
    const existing = select.get(record.stateMachineArn);
    if (existing === undefined) throw new Error(`state machine ${record.stateMachineArn} neither inserted nor found`);
    return { created: false, record: toStateMachineRecord(existing) };
  });
  const remove = db.transaction((stateMachineArn: string): boolean => {
    if (deleteStateMachine.run(stateMachineArn).changes === 0) return false;
    deleteVersionsOf.run(stateMachineArn);
    deleteTagsOf.run(stateMachineArn);
    return true;
  });

  return {
    create: (record) => create.immediate(record),
    get(stateMachineArn) {
      const row = select.get(stateMachineArn);
      return row === undefined ? undefined : toStateMachineRecord(row);
    },
    update(stateMachineArn, patch) {
      const row = update.get(updateParameters(stateMachineArn, patch));
      return row === undefined ? undefined : toStateMachineRecord(row);
    },
    delete: (stateMachineArn) => remove.immediate(stateMachineArn),
    list(query) {
      const limit = rowsToRead(query);
      const rows = query.after === undefined ? firstPage.all(limit) : pageAfter.all(query.after, limit);
      return rows.map(toStateMachineRecord);
    },
  };
}

function updateParameters(arn: string, patch: UpdateStateMachinePatch): UpdateParameters {
  return {
    arn,
    set_definition: patch.definition === undefined ? 0 : 1,
    definition: patch.definition ?? null,
    set_role_arn: patch.roleArn === undefined ? 0 : 1,
    role_arn: patch.roleArn ?? null,
    set_description: patch.description === undefined ? 0 : 1,
    description: patch.description ?? null,
    set_logging: patch.loggingConfiguration === undefined ? 0 : 1,
    logging: patch.loggingConfiguration ?? null,
    set_tracing: patch.tracingConfiguration === undefined ? 0 : 1,
    tracing: patch.tracingConfiguration ?? null,
    update_date: patch.updateDate,
    revision_id: patch.revisionId,
  };
}
