import type { SqliteMigration } from './sqlite-migration.js';

/**
 * The registry of the Step Functions API (src/store/registry-port.ts): state machines and their
 * published versions, activities and their queued tasks, and resource tags. Text keys use SQLite's
 * default BINARY collation (byte order), the order PostgreSQL's "C" collation gives.
 */
export const migration0004Registry: SqliteMigration = {
  version: 4,
  name: 'registry',
  sql: `
CREATE TABLE state_machines (
  state_machine_arn TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('STANDARD', 'EXPRESS')),
  definition TEXT NOT NULL,
  role_arn TEXT NOT NULL,
  description TEXT,
  logging_configuration TEXT,
  tracing_configuration TEXT,
  creation_date INTEGER NOT NULL,
  update_date INTEGER,
  revision_id TEXT NOT NULL,
  -- The number the next published version gets: incremented in the publishing transaction, never reused.
  next_version INTEGER NOT NULL DEFAULT 1
);

-- listStateMachines: by name.
CREATE INDEX state_machines_by_name ON state_machines (name, state_machine_arn);

CREATE TABLE state_machine_versions (
  state_machine_version_arn TEXT PRIMARY KEY,
  state_machine_arn TEXT NOT NULL,
  version INTEGER NOT NULL,
  definition TEXT NOT NULL,
  role_arn TEXT NOT NULL,
  description TEXT,
  revision_id TEXT NOT NULL,
  creation_date INTEGER NOT NULL
);

-- listStateMachineVersions (newest first) and deleteStateMachine.
CREATE UNIQUE INDEX state_machine_versions_by_number ON state_machine_versions (state_machine_arn, version);

CREATE TABLE activities (
  activity_arn TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  creation_date INTEGER NOT NULL
);

-- listActivities: by name.
CREATE INDEX activities_by_name ON activities (name, activity_arn);

CREATE TABLE activity_tasks (
  task_token TEXT PRIMARY KEY,
  activity_arn TEXT NOT NULL,
  execution_arn TEXT NOT NULL,
  input TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  worker_name TEXT,
  taken_at INTEGER
);

-- takeActivityTask: the oldest untaken task of an activity.
CREATE INDEX activity_tasks_queued ON activity_tasks (activity_arn, created_at, task_token) WHERE taken_at IS NULL;
-- deleteActivity.
CREATE INDEX activity_tasks_by_activity ON activity_tasks (activity_arn);
-- deleteActivityTasksOfExecution.
CREATE INDEX activity_tasks_by_execution ON activity_tasks (execution_arn);

CREATE TABLE tags (
  resource_arn TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (resource_arn, key)
) WITHOUT ROWID;
`,
};
