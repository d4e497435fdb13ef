/**
 * One numbered schema change, applied once in its own transaction with `search_path` set to the
 * store's schema (so the SQL names tables without a schema).
 */
export interface PostgresMigration {
  /** Applied in ascending order; recorded in `<schema>.schema_migrations`. */
  version: number;
  name: string;
  /** Plain SQL, possibly several statements. */
  sql: string;
}
