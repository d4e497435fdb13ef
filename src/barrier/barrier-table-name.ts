import { BarrierFieldError } from './barrier-error.js';

/** The barrier table's default name (DTM's), in the connection's default schema/database. */
export const DEFAULT_BARRIER_TABLE = 'barrier';

/** A table name split into its optional schema (database, for MySQL) and its table part. */
export interface BarrierTableName {
  readonly schema: string | undefined;
  readonly table: string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * Parses `table` or `schema.table`. Only plain identifiers are accepted (letters, digits, `_`, at most
 * 63 characters each), so the name can be quoted into SQL safely.
 */
export function parseBarrierTableName(name: string = DEFAULT_BARRIER_TABLE): BarrierTableName {
  const parts = name.split('.');
  if (parts.length > 2 || !parts.every((part) => IDENTIFIER.test(part))) {
    throw new BarrierFieldError(
      'table',
      `"${name}" is not a table name: use "table" or "schema.table", each a letter or _ then letters, digits or _`,
    );
  }
  return parts.length === 2 ? { schema: parts[0], table: parts[1]! } : { schema: undefined, table: parts[0]! };
}

/** `"schema"."table"` (PostgreSQL, SQLite). */
export function doubleQuoted(name: BarrierTableName): string {
  return name.schema === undefined ? `"${name.table}"` : `"${name.schema}"."${name.table}"`;
}

/** `` `database`.`table` `` (MySQL, MariaDB). */
export function backQuoted(name: BarrierTableName): string {
  return name.schema === undefined ? `\`${name.table}\`` : `\`${name.schema}\`.\`${name.table}\``;
}
