import type { PostgresMigration } from './postgres-migration.js';

/**
 * The registry of the Step Functions API (src/store/registry-port.ts), mirroring SQLite's: state
 * machines and their published versions, activities and their queued tasks, and resource tags.
 * Names and keys use the "C" collation, so listings come in byte order as on SQLite.
 */
export const migration0003Registry: PostgresMigration = {
  version: 3,
  name: 'registry',
  sql: `
CREATE TABLE state_machines (
  state_machine_arn TEXT COLLATE "C" PRIMARY KEY,
  name TEXT COLLATE "C" NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('STANDARD', 'EXPRESS')),
  definition TEXT NOT NULL,
  role_arn TEXT NOT NULL,
  description TEXT,
  logging_configuration TEXT,
  tracing_configuration TEXT,
  creation_date BIGINT NOT NULL,
  update_date BIGINT,
  revision_id TEXT NOT NULL,
  -- The number the next published version gets: incremented by the publishing statement, never reused.
  next_version INTEGER NOT NULL DEFAULT 1
);

-- listStateMachines: by name.
CREATE INDEX state_machines_by_name ON state_machines (name, state_machine_arn);

CREATE TABLE state_machine_versions (
  state_machine_version_arn TEXT COLLATE "C" PRIMARY KEY,
  state_machine_arn TEXT COLLATE "C" NOT NULL,
  version INTEGER NOT NULL,
  definition TEXT NOT NULL,
  role_arn TEXT NOT NULL,
  description TEXT,
  revision_id TEXT NOT NULL,
  creation_date BIGINT NOT NULL
);

-- listStateMachineVersions (newest first) and deleteStateMachine.
CREATE UNIQUE INDEX state_machine_versions_by_number ON state_machine_versions (state_machine_arn, version);

CREATE TABLE activities (
  activity_arn TEXT COLLATE "C" PRIMARY KEY,
  name TEXT COLLATE "C" NOT NULL,
  creation_date BIGINT NOT NULL
);

-- listActivities: by name.
CREATE INDEX activities_by_name ON activities (name, activity_arn);

CREATE TABLE activity_tasks (
  task_token TEXT COLLATE "C" PRIMARY KEY,
  activity_arn TEXT COLLATE "C" NOT NULL,
  execution_arn TEXT COLLATE "C" NOT NULL,
  input TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  worker_name TEXT,
  taken_at BIGINT
);

-- takeActivityTask: the oldest untaken task of an activity.
CREATE INDEX activity_tasks_queued ON activity_tasks (activity_arn, created_at, task_token) WHERE taken_at IS NULL;
-- deleteActivity.
CREATE INDEX activity_tasks_by_activity ON activity_tasks (activity_arn);
-- deleteActivityTasksOfExecution.
CREATE INDEX activity_tasks_by_execution ON activity_tasks (execution_arn);

CREATE TABLE tags (
  resource_arn TEXT COLLATE "C" NOT NULL,
  key TEXT COLLATE "C" NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (resource_arn, key)
);
`,
};
