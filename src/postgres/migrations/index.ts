import { migration0001Initial } from './0001-initial.js';
import { migration0002Settings } from './0002-settings.js';
import { migration0003Registry } from './0003-registry.js';
import type { PostgresMigration } from './postgres-migration.js';

export type { PostgresMigration } from './postgres-migration.js';

/** Every migration, in ascending version order. Append new ones; never edit applied ones. */
export const postgresMigrations: readonly PostgresMigration[] = [
  migration0001Initial,
  migration0002Settings,
  migration0003Registry,
];
