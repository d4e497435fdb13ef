import pg from 'pg';

import { isPostgresConnectionError } from './postgres-retry.js';

/** Runs one SQL statement: on any pooled connection, or on the connection of a transaction. */
export interface PostgresSession {
  /** `name` makes it a named prepared statement (parsed and planned once per connection). */
  run<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values?: readonly unknown[],
    name?: string,
  ): Promise<pg.QueryResult<R>>;
}

const int8Oid = 20;

/**
 * BIGINT (epoch milliseconds, counts) as a JavaScript number instead of node-postgres' default string.
 * Every BIGINT this adapter stores is below 2^53; anything else is refused rather than rounded.
 */
function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`BIGINT ${text} is outside the safe integer range`);
  return value;
}

export const postgresTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === int8Oid && format !== 'binary'
      ? parseInt8
      : (pg.types.getTypeParser(oid, format) as (text: string) => unknown)) as pg.CustomTypesConfig['getTypeParser'],
};

/** The pool of one store, counting every statement it sends (for benchmarks and tests). */
export class PostgresDatabase implements PostgresSession {
  statementCount = 0;

  constructor(readonly pool: pg.Pool) {}

  run<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values: readonly unknown[] = [],
    name?: string,
  ): Promise<pg.QueryResult<R>> {
    this.statementCount += 1;
    return this.pool.query<R>({ text, values: [...values], ...(name === undefined ? {} : { name }) });
  }

  /**
   * Runs `work` between BEGIN and COMMIT on one connection. On an error it rolls back and rethrows;
   * a connection that failed (or whose rollback failed) is discarded instead of returned to the pool.
   */
  async transaction<T>(work: (session: PostgresSession) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const session: PostgresSession = {
      run: <R extends pg.QueryResultRow>(text: string, values: readonly unknown[] = [], name?: string) => {
        this.statementCount += 1;
        return client.query<R>({ text, values: [...values], ...(name === undefined ? {} : { name }) });
      },
    };
    try {
      await session.run('BEGIN');
      const result = await work(session);
      await session.run('COMMIT');
      client.release();
      return result;
    } catch (error) {
      client.release(await rollbackAfter(session, error));
      throw error;
    }
  }
}

/** Rolls back after `error`; returns the error that should discard the connection, if any. */
async function rollbackAfter(session: PostgresSession, error: unknown): Promise<Error | undefined> {
  if (isPostgresConnectionError(error)) return error instanceof Error ? error : new Error(String(error));
  try {
    await session.run('ROLLBACK');
    return undefined;
  } catch (rollbackError) {
    return rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
  }
}
