/** One numbered schema change, applied once in its own transaction. */
export interface SqliteMigration {
  /** Applied in ascending order; recorded in `schema_migrations`. */
  version: number;
  name: string;
  /** Plain SQL, possibly several statements. */
  sql: string;
}
