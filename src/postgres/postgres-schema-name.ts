import { createHash } from 'node:crypto';

/**
 * Schema names are restricted to lower-case identifiers (no quoting surprises), and kept short
 * enough that the notification channel `unwind_work_<schema>` fits PostgreSQL's 63-byte limit.
 */
const schemaPattern = /^[a-z_][a-z0-9_]{0,50}$/;

export function checkSchemaName(schema: string): string {
  if (!schemaPattern.test(schema)) {
    throw new TypeError(
      `PostgreSQL schema must match ${String(schemaPattern)} (lower-case, at most 51 characters): ${schema}`,
    );
  }
  return schema;
}

/** The schema as a quoted identifier, for schema-qualified table names. */
export function quoteSchema(schema: string): string {
  return `"${checkSchemaName(schema)}"`;
}

/** The LISTEN/NOTIFY channel on which commits announce new unleased work. */
export function workChannelOf(schema: string): string {
  return `unwind_work_${checkSchemaName(schema)}`;
}

/**
 * The `pg_advisory_xact_lock` key that serialises migrations of one schema across processes:
 * the first 8 bytes of sha256('unwind:migrate:<schema>') as a signed 64-bit integer (decimal text).
 */
export function migrationLockKeyOf(schema: string): string {
  const digest = createHash('sha256').update(`unwind:migrate:${schema}`).digest();
  return digest.readBigInt64BE(0).toString();
}
