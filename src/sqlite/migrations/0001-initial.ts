import type { SqliteMigration } from './sqlite-migration.js';

/**
 * The initial schema. Times are epoch milliseconds (INTEGER); JSON values are TEXT.
 * Index names say which query they serve.
 */
export const migration0001Initial: SqliteMigration = {
  version: 1,
  name: 'initial',
  sql: `
CREATE TABLE definitions (
  id TEXT PRIMARY KEY,
  state_machine_arn TEXT NOT NULL,
  text TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

-- An integer id (the rowid) keys the execution's history, so history rows of executions started
-- close in time sit close together; the ARN is the public key.
CREATE TABLE executions (
  id INTEGER PRIMARY KEY,
  execution_arn TEXT NOT NULL UNIQUE,
  state_machine_arn TEXT NOT NULL,
  name TEXT NOT NULL,
  definition_id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED')),
  input TEXT NOT NULL,
  output TEXT,
  error TEXT,
  cause TEXT,
  start_date INTEGER NOT NULL,
  stop_date INTEGER,
  snapshot TEXT NOT NULL,
  version INTEGER NOT NULL,
  -- The id of the newest history event: a commit's events must come after it.
  last_event_id INTEGER NOT NULL DEFAULT 0
);

-- listExecutions without filters, newest first.
CREATE INDEX executions_by_start_date ON executions (start_date DESC, execution_arn DESC);
-- listExecutions by status, and the RUNNING lookup of listUnfinishedExecutions.
CREATE INDEX executions_by_status ON executions (status, start_date DESC, execution_arn DESC);
-- listExecutions by state machine.
CREATE INDEX executions_by_state_machine ON executions (state_machine_arn, start_date DESC, execution_arn DESC);
-- findExecution by name, newest first.
CREATE INDEX executions_by_name ON executions (name, start_date DESC, execution_arn DESC);

-- One row per transition: the JSON array of the HistoryEvent objects it appended (ids
-- first_event_id..last_event_id). Rows are appended in rowid order, which keeps writes local.
CREATE TABLE history (
  id INTEGER PRIMARY KEY,
  execution_id INTEGER NOT NULL,
  first_event_id INTEGER NOT NULL,
  last_event_id INTEGER NOT NULL,
  events TEXT NOT NULL
);

-- getHistory and retention: an execution's rows in event order.
CREATE UNIQUE INDEX history_by_execution ON history (execution_id, first_event_id);

CREATE TABLE work (
  id TEXT PRIMARY KEY,
  execution_arn TEXT NOT NULL,
  kind TEXT NOT NULL,
  due_at INTEGER NOT NULL,
  payload TEXT NOT NULL,
  owner TEXT,
  lease_until INTEGER
);

-- claimWork and nextDueAt: due items in due_at order, lease checked from the index.
CREATE INDEX work_by_due_at ON work (due_at, lease_until);
-- listWork.
CREATE INDEX work_by_execution ON work (execution_arn);
-- releaseLeases.
CREATE INDEX work_by_owner ON work (owner) WHERE owner IS NOT NULL;

CREATE TABLE engines (
  id TEXT PRIMARY KEY,
  host TEXT NOT NULL,
  pid INTEGER NOT NULL,
  started_at INTEGER NOT NULL,
  heartbeat_at INTEGER NOT NULL
);
`,
};
