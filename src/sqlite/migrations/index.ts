import { migration0001Initial } from './0001-initial.js';
import { migration0002RetentionIndex } from './0002-retention-index.js';
import { migration0003Settings } from './0003-settings.js';
import { migration0004Registry } from './0004-registry.js';
import type { SqliteMigration } from './sqlite-migration.js';

export type { SqliteMigration } from './sqlite-migration.js';

/** Every migration, in ascending version order. Append new ones; never edit applied ones. */
export const sqliteMigrations: readonly SqliteMigration[] = [
  migration0001Initial,
  migration0002RetentionIndex,
  migration0003Settings,
  migration0004Registry,
];
