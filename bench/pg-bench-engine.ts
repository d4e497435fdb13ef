import { randomBytes } from 'node:crypto';
import { openPostgresStore, type PostgresStore } from '../src/postgres/postgres-store.js';
import { startBenchEngine, type BenchEngine } from './bench-engine.js';
import { backendCpuMs } from './cpu-time.js';
import { runSql } from './pg-sql.js';

/** A fresh schema name for one measurement: `unwind_bench_<pid>_<random>`. */
export function freshSchemaName(): string {
  return `unwind_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** The `application_name` of this process's engine connections (to find their backends' CPU time). */
export const benchApplicationName = (): string => `unwind-bench-${process.pid}`;

/** Opens (and migrates, which creates the schema) a PostgreSQL store on `schema`. */
export async function openBenchPgStore(connectionString: string, schema: string): Promise<PostgresStore> {
  const store = await openPostgresStore({ connectionString, schema, applicationName: benchApplicationName() });
  try {
    await store.migrate();
    return store;
  } catch (error) {
    await store.close();
    throw error;
  }
}

export async function dropSchema(connectionString: string, schema: string): Promise<void> {
  await runSql(connectionString, `DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
}

/** An engine on a fresh schema of `connectionString`; `close()` drops the schema. */
export async function openPgBenchEngine(connectionString: string): Promise<BenchEngine> {
  const schema = freshSchemaName();
  const drop = (): Promise<void> => dropSchema(connectionString, schema);
  try {
    const store = await openBenchPgStore(connectionString, schema);
    const bench = await startBenchEngine(store, () => store.statementCount, drop);
    return { ...bench, serverCpuMs: () => backendCpuMs(connectionString, benchApplicationName()) };
  } catch (error) {
    await drop();
    throw error;
  }
}
