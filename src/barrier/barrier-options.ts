/** Options of the SQL barrier adapters. */
export interface SqlBarrierOptions {
  /** The barrier table, `table` or `schema.table`; default `barrier`. Same database as the business data. */
  table?: string;
}
