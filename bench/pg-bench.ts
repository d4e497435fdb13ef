import { randomBytes } from 'node:crypto';
import type { PgBenchParams } from './bench-args.js';
import { measureDbos, type DbosResult } from './measure-dbos.js';
import { measurePgScaling, type ScalingResult } from './measure-pg-scaling.js';
import { measureThroughput, type ThroughputResult } from './measure-throughput.js';
import { openPgBenchEngine } from './pg-bench-engine.js';
import { runSql } from './pg-sql.js';
import { pgHeader, pgResultTables, pgSummary, type PgBenchResults, type PostgresServer } from './pg-results.js';
import { describeMachine } from './report.js';

const SEQUENTIAL_WARMUP = 20;

/**
 * The PostgreSQL benchmark: at each concurrency, Unwind's closed loop (a fresh schema) and then the
 * DBOS peer's (its own process, a fresh schema of its system database); then Unwind's scaling from
 * 1 to `processes` engine processes on one schema. Prints tables, then one JSON line.
 */
export async function runPgBench(params: PgBenchParams): Promise<void> {
  const machine = describeMachine();
  const postgres = await describePostgres(params.db);
  process.stdout.write(`${pgHeader({ machine, postgres, params })}\n\n`);
  const runs = params.concurrencies.map((concurrency) => ({
    concurrency,
    executions: concurrency === 1 ? params.sequential_executions : params.executions,
    warmup: concurrency === 1 ? Math.min(params.warmup_executions, SEQUENTIAL_WARMUP) : params.warmup_executions,
  }));

  // Unwind and DBOS alternate at each concurrency, so that both sides of a ratio see the same
  // conditions on a machine whose load drifts.
  const unwind: ThroughputResult[] = [];
  let dbos: DbosResult | undefined;
  let dbosError: string | undefined;
  for (const run of runs) {
    progress(`unwind: C=${run.concurrency}, ${run.executions} executions`);
    unwind.push(await measureThroughput(() => openPgBenchEngine(params.db), run));
    if (!params.dbos || dbosError !== undefined) continue;
    progress(`dbos: C=${run.concurrency}, ${run.executions} workflows`);
    try {
      const result = await measureDbos({
        systemDatabaseUrl: params.dbos_db,
        schema: `dbos_bench_${randomBytes(4).toString('hex')}`,
        runs: [run],
      });
      dbos = { ...result, runs: [...(dbos?.runs ?? []), ...result.runs] };
    } catch (error) {
      dbosError = error instanceof Error ? error.message : String(error);
      progress(`dbos: ${dbosError}`);
    }
  }

  const scaling: ScalingResult[] = [];
  for (let processes = 1; processes <= params.processes; processes++) {
    progress(`unwind: ${processes} engine process(es), ${params.scale_executions} executions`);
    scaling.push(
      await measurePgScaling(params.db, {
        processes,
        executions: params.scale_executions,
        concurrency: params.scale_concurrency,
        warmup: params.warmup_executions,
      }),
    );
  }

  const restarted = (await describePostgres(params.db)).started_at !== postgres.started_at;
  const results: PgBenchResults = {
    machine,
    postgres: { ...postgres, restarted_during_run: restarted },
    params,
    unwind,
    ...(dbos ? { dbos } : {}),
    ...(dbosError ? { dbosError } : {}),
    scaling,
  };
  process.stdout.write(`\n${pgResultTables(results)}\n`);
  process.stdout.write(`${JSON.stringify(pgSummary(results))}\n`);
}

function progress(message: string): void {
  process.stderr.write(`  ${message}\n`);
}

async function describePostgres(url: string): Promise<PostgresServer> {
  const [result] = await runSql(
    url,
    `SELECT current_setting('server_version') AS version,
            current_setting('synchronous_commit') AS synchronous_commit,
            current_setting('fsync') AS fsync,
            current_setting('wal_sync_method') AS wal_sync_method,
            current_setting('shared_buffers') AS shared_buffers,
            current_setting('max_connections')::int AS max_connections,
            (extract(epoch FROM pg_postmaster_start_time()) * 1000)::float8 AS started_at`,
  );
  return result!.rows[0] as PostgresServer;
}
