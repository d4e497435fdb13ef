import type { PostgresMigration } from './postgres-migration.js';

/** loadSetting: durable key/value settings shared by every process (e.g. the task-token secret). */
export const migration0002Settings: PostgresMigration = {
  version: 2,
  name: 'settings',
  sql: `
CREATE TABLE settings (
  key TEXT COLLATE "C" PRIMARY KEY,
  value TEXT NOT NULL
);
`,
};
