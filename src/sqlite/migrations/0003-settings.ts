import type { SqliteMigration } from './sqlite-migration.js';

/** loadSetting: durable key/value settings shared by every process (e.g. the task-token secret). */
export const migration0003Settings: SqliteMigration = {
  version: 3,
  name: 'settings',
  sql: `
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`,
};
