import type {
  ActivityRecord,
  ActivityTaskRecord,
  PageQuery,
  StateMachineRecord,
  StateMachineType,
  StateMachineVersionRecord,
} from './registry-port.js';

/**
 * Registry row shapes as both SQL adapters read them (snake_case columns; numbers as numbers: SQLite
 * gives them so, PostgreSQL through `postgresTypes`), and their port records.
 */

export interface StateMachineRow {
  state_machine_arn: string;
  name: string;
  type: string;
  definition: string;
  role_arn: string;
  description: string | null;
  logging_configuration: string | null;
  tracing_configuration: string | null;
  creation_date: number;
  update_date: number | null;
  revision_id: string;
}

export const stateMachineColumns = `state_machine_arn, name, type, definition, role_arn, description,
  logging_configuration, tracing_configuration, creation_date, update_date, revision_id`;

export interface StateMachineVersionRow {
  state_machine_version_arn: string;
  state_machine_arn: string;
  version: number;
  definition: string;
  role_arn: string;
  description: string | null;
  revision_id: string;
  creation_date: number;
}

export const stateMachineVersionColumns =
  'state_machine_version_arn, state_machine_arn, version, definition, role_arn, description, revision_id, creation_date';

export interface ActivityRow {
  activity_arn: string;
  name: string;
  creation_date: number;
}

export const activityColumns = 'activity_arn, name, creation_date';

export interface ActivityTaskRow {
  task_token: string;
  activity_arn: string;
  execution_arn: string;
  input: string;
  created_at: number;
  worker_name: string | null;
  taken_at: number | null;
}

export const activityTaskColumns = 'task_token, activity_arn, execution_arn, input, created_at, worker_name, taken_at';

export function toStateMachineRecord(row: StateMachineRow): StateMachineRecord {
  return {
    stateMachineArn: row.state_machine_arn,
    name: row.name,
    type: row.type as StateMachineType,
    definition: row.definition,
    roleArn: row.role_arn,
    description: row.description,
    loggingConfiguration: row.logging_configuration,
    tracingConfiguration: row.tracing_configuration,
    creationDate: row.creation_date,
    updateDate: row.update_date,
    revisionId: row.revision_id,
  };
}

export function toStateMachineVersionRecord(row: StateMachineVersionRow): StateMachineVersionRecord {
  return {
    stateMachineVersionArn: row.state_machine_version_arn,
    stateMachineArn: row.state_machine_arn,
    version: row.version,
    definition: row.definition,
    roleArn: row.role_arn,
    description: row.description,
    revisionId: row.revision_id,
    creationDate: row.creation_date,
  };
}

export function toActivityRecord(row: ActivityRow): ActivityRecord {
  return { activityArn: row.activity_arn, name: row.name, creationDate: row.creation_date };
}

export function toActivityTaskRecord(row: ActivityTaskRow): ActivityTaskRecord {
  return {
    taskToken: row.task_token,
    activityArn: row.activity_arn,
    executionArn: row.execution_arn,
    input: row.input,
    createdAt: row.created_at,
    workerName: row.worker_name,
    takenAt: row.taken_at,
  };
}

/**
 * How many rows a page query reads: `limit` + 1, so that the caller sees whether a next page exists
 * (it returns `limit` of them and resumes after the last one it returned).
 */
export function rowsToRead(query: PageQuery): number {
  if (!Number.isSafeInteger(query.limit) || query.limit < 1) {
    throw new TypeError(`page limit must be a positive integer, got ${query.limit}`);
  }
  return query.limit + 1;
}

/** The version number a `listStateMachineVersions` page resumes after (`after` is its decimal text). */
export function versionAfter(query: PageQuery): number | undefined {
  if (query.after === undefined) return undefined;
  const version = Number(query.after);
  if (!/^\d+$/.test(query.after) || !Number.isSafeInteger(version)) {
    throw new TypeError(`a version page resumes after a version number, got '${query.after}'`);
  }
  return version;
}
