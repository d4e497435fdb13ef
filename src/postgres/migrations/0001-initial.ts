import type { PostgresMigration } from './postgres-migration.js';

/**
 * The initial schema, mirroring SQLite's. Times are epoch milliseconds (BIGINT); JSON values are TEXT
 * so that they come back exactly as written (JSONB would reorder keys and renormalise numbers).
 * Keys (ARNs, ids, names) use the "C" collation: byte order, as in SQLite, and cheaper comparisons.
 * Index names say which query they serve.
 */
export const migration0001Initial: PostgresMigration = {
  version: 1,
  name: 'initial',
  sql: `
CREATE TABLE definitions (
  id TEXT COLLATE "C" PRIMARY KEY,
  state_machine_arn TEXT COLLATE "C" NOT NULL,
  text TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE executions (
  execution_arn TEXT COLLATE "C" PRIMARY KEY,
  state_machine_arn TEXT COLLATE "C" NOT NULL,
  name TEXT COLLATE "C" NOT NULL,
  definition_id TEXT COLLATE "C" NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED')),
  input TEXT NOT NULL,
  output TEXT,
  error TEXT,
  cause TEXT,
  start_date BIGINT NOT NULL,
  stop_date BIGINT,
  snapshot TEXT NOT NULL,
  version INTEGER NOT NULL
);

-- listExecutions without filters, newest first.
CREATE INDEX executions_by_start_date ON executions (start_date DESC, execution_arn DESC);
-- listExecutions by status, and the RUNNING lookup of listUnfinishedExecutions.
CREATE INDEX executions_by_status ON executions (status, start_date DESC, execution_arn DESC);
-- listExecutions by state machine.
CREATE INDEX executions_by_state_machine ON executions (state_machine_arn, start_date DESC, execution_arn DESC);
-- findExecution by name, newest first.
CREATE INDEX executions_by_name ON executions (name, start_date DESC, execution_arn DESC);
-- deleteFinishedExecutions: finished executions, oldest stop first.
CREATE INDEX executions_finished_by_stop_date ON executions (stop_date) WHERE status <> 'RUNNING';

CREATE TABLE history (
  execution_arn TEXT COLLATE "C" NOT NULL,
  event_id INTEGER NOT NULL,
  previous_event_id INTEGER NOT NULL,
  timestamp BIGINT NOT NULL,
  type TEXT NOT NULL,
  -- The event's other members (its <type>EventDetails) as JSON text.
  details TEXT NOT NULL,
  PRIMARY KEY (execution_arn, event_id)
);

CREATE TABLE work (
  id TEXT COLLATE "C" PRIMARY KEY,
  execution_arn TEXT COLLATE "C" NOT NULL,
  kind TEXT NOT NULL,
  due_at BIGINT NOT NULL,
  payload TEXT NOT NULL,
  owner TEXT COLLATE "C",
  lease_until BIGINT
);

-- claimWork (ORDER BY due_at LIMIT n, lease checked from the index) and nextDueAt.
CREATE INDEX work_by_due_at ON work (due_at, lease_until);
-- listWork, and deleteFinishedExecutions.
CREATE INDEX work_by_execution ON work (execution_arn);
-- renewLeases and releaseLeases.
CREATE INDEX work_by_owner ON work (owner) WHERE owner IS NOT NULL;

CREATE TABLE engines (
  id TEXT COLLATE "C" PRIMARY KEY,
  host TEXT NOT NULL,
  pid INTEGER NOT NULL,
  started_at BIGINT NOT NULL,
  heartbeat_at BIGINT NOT NULL
);
`,
};
