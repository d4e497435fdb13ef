import type { PageQuery, StateMachineRecord, UpdateStateMachinePatch } from '../store/registry-port.js';
import type { PostgresDatabase } from './postgres-database.js';
import { rowsToRead, stateMachineColumns, toStateMachineRecord, type StateMachineRow } from '../store/registry-rows.js';
import { quoteSchema } from './postgres-schema-name.js';

export interface PostgresStateMachines {
  create(record: StateMachineRecord): Promise<{ created: boolean; record: StateMachineRecord }>;
  get(stateMachineArn: string): Promise<StateMachineRecord | undefined>;
  update(stateMachineArn: string, patch: UpdateStateMachinePatch): Promise<StateMachineRecord | undefined>;
  delete(stateMachineArn: string): Promise<boolean>;
  list(query: PageQuery): Promise<StateMachineRecord[]>;
}

/** A create that neither inserts nor finds the row raced a delete; it tries again this many times. */
const createAttempts = 5;

export function createPostgresStateMachines(database: PostgresDatabase, schema: string): PostgresStateMachines {
  const sql = stateMachineStatements(schema);
  const get = async (stateMachineArn: string): Promise<StateMachineRecord | undefined> => {
    const { rows } = await database.run<StateMachineRow>(sql.select, [stateMachineArn]);
    return rows[0] === undefined ? undefined : toStateMachineRecord(rows[0]);
  };

  return {
    async create(record) {
      for (let attempt = 0; attempt < createAttempts; attempt += 1) {
        const { rows } = await database.run<StateMachineRow>(sql.insert, insertValues(record));
        if (rows[0] !== undefined) return { created: true, record: toStateMachineRecord(rows[0]) };
        const existing = await get(record.stateMachineArn);
        if (existing !== undefined) return { created: false, record: existing };
      }
      throw new Error(
        `state machine ${record.stateMachineArn} was deleted by others during each of ${createAttempts} creates`,
      );
    },
    get,
    async update(stateMachineArn, patch) {
      const { rows } = await database.run<StateMachineRow>(sql.update, updateValues(stateMachineArn, patch));
      return rows[0] === undefined ? undefined : toStateMachineRecord(rows[0]);
    },
    delete: (stateMachineArn) =>
      // Separate statements in one transaction: the versions DELETE runs after the state machine row is
      // gone (and its lock taken), so it also sees a version that a concurrent publish committed meanwhile.
      database.transaction(async (session) => {
        const deleted = await session.run(sql.deleteStateMachine, [stateMachineArn]);
        if (deleted.rowCount === 0) return false;
        await session.run(sql.deleteVersionsOf, [stateMachineArn]);
        await session.run(sql.deleteTagsOf, [stateMachineArn]);
        return true;
      }),
    async list(query) {
      const limit = rowsToRead(query);
      const { rows } =
        query.after === undefined
          ? await database.run<StateMachineRow>(sql.firstPage, [limit])
          : await database.run<StateMachineRow>(sql.pageAfter, [query.after, limit]);
      return rows.map(toStateMachineRecord);
    },
  };
}

function stateMachineStatements(schema: string) {
  const stateMachines = `${quoteSchema(schema)}.state_machines`;
  return {
    insert: `INSERT INTO ${stateMachines} (${stateMachineColumns})
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
      ON CONFLICT (state_machine_arn) DO NOTHING
      RETURNING ${stateMachineColumns}`,
    select: `SELECT ${stateMachineColumns} FROM ${stateMachines} WHERE state_machine_arn = $1`,
    // $2/$4/... say whether the patch sets the field that follows.
    update: `UPDATE ${stateMachines} SET
        definition = CASE WHEN $2::boolean THEN $3::text ELSE definition END,
        role_arn = CASE WHEN $4::boolean THEN $5::text ELSE role_arn END,
        description = CASE WHEN $6::boolean THEN $7::text ELSE description END,
        logging_configuration = CASE WHEN $8::boolean THEN $9::text ELSE logging_configuration END,
        tracing_configuration = CASE WHEN $10::boolean THEN $11::text ELSE tracing_configuration END,
        update_date = $12,
        revision_id = $13
      WHERE state_machine_arn = $1
      RETURNING ${stateMachineColumns}`,
    deleteStateMachine: `DELETE FROM ${stateMachines} WHERE state_machine_arn = $1`,
    deleteVersionsOf: `DELETE FROM ${quoteSchema(schema)}.state_machine_versions WHERE state_machine_arn = $1`,
    deleteTagsOf: `DELETE FROM ${quoteSchema(schema)}.tags WHERE resource_arn = $1`,
    firstPage: `SELECT ${stateMachineColumns} FROM ${stateMachines} ORDER BY name, state_machine_arn LIMIT $1`,
    pageAfter: `SELECT ${stateMachineColumns} FROM ${stateMachines}
      WHERE name > $1 ORDER BY name, state_machine_arn LIMIT $2`,
  };
}

function insertValues(record: StateMachineRecord): unknown[] {
  return [
    record.stateMachineArn,
    record.name,
    record.type,
    record.definition,
    record.roleArn,
    record.description,
    record.loggingConfiguration,
    record.tracingConfiguration,
    record.creationDate,
    record.updateDate,
    record.revisionId,
  ];
}

function updateValues(stateMachineArn: string, patch: UpdateStateMachinePatch): unknown[] {
  const field = (value: string | null | undefined): [boolean, string | null] => [value !== undefined, value ?? null];
  return [
    stateMachineArn,
    ...field(patch.definition),
    ...field(patch.roleArn),
    ...field(patch.description),
    ...field(patch.loggingConfiguration),
    ...field(patch.tracingConfiguration),
    patch.updateDate,
    patch.revisionId,
  ];
}
