import type { SqliteMigration } from './sqlite-migration.js';

/** deleteFinishedExecutions: finished executions in stop_date order, without scanning running ones. */
export const migration0002RetentionIndex: SqliteMigration = {
  version: 2,
  name: 'retention-index',
  sql: `
CREATE INDEX executions_finished_by_stop_date ON executions (stop_date) WHERE status <> 'RUNNING';
`,
};
