import pg from 'pg';

/** Runs `statements` on one short-lived connection to `connectionString`. */
export async function runSql(
  connectionString: string,
  ...statements: (string | pg.QueryConfig)[]
): Promise<pg.QueryResult[]> {
  const client = new pg.Client({ connectionString, application_name: 'unwind-bench-sql' });
  // A connection the server ends (a restart) fails the pending query; without a handler the 'error'
  // event would crash the bench.
  client.on('error', () => undefined);
  await client.connect();
  try {
    const results: pg.QueryResult[] = [];
    for (const statement of statements) results.push(await client.query(statement));
    return results;
  } finally {
    await client.end();
  }
}
