/**
 * Unwind saga benchmark: throughput and latency of a 5-task saga on SQLite (WAL, synchronous=FULL),
 * the disk's raw fsync rate, and the memory of parked executions. Prints tables, then one JSON line.
 * Usage: npm run build && npm run bench -- [--executions 2000] [--concurrency 100] [--sequential 200]
 *        [--parked 10000] [--warmup 300] [--fsync-ms 1000] [--dir <parent of the temporary directory>]
 * With `--db postgres://...` it runs the PostgreSQL benchmark instead (Unwind against DBOS Transact,
 * and Unwind's scaling over engine processes): see `pg-bench.ts` and `bench/README.md`.
 * With `--http` it benchmarks `unwind serve` over HTTP instead: see `http-bench.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseBenchArgs, parsePgBenchArgs, wantsPostgres, type BenchParams } from './bench-args.js';
import { openBenchEngine } from './bench-engine.js';
import { header, resultTables, summary } from './bench-results.js';
import { parseHttpBenchArgs, runHttpBench } from './http-bench.js';
import { measureFsyncPerSecond } from './measure-fsync.js';
import { measureParkedMemory } from './measure-parked-memory.js';
import { measureThroughput } from './measure-throughput.js';
import { runPgBench } from './pg-bench.js';
import { describeMachine } from './report.js';

async function runSqliteBench(params: BenchParams): Promise<void> {
  const machine = describeMachine();
  const root = mkdtempSync(join(params.dir, 'unwind-bench-'));
  const worker = params.sqlite_worker;
  try {
    process.stdout.write(`${header(machine, root)}\n\n`);
    const fsyncPerS = measureFsyncPerSecond(root, params.fsync_ms);
    const loaded = await measureThroughput(() => openBenchEngine(root, `c${params.concurrency}`, worker), {
      executions: params.executions,
      concurrency: params.concurrency,
      warmup: params.warmup_executions,
    });
    const sequential = await measureThroughput(() => openBenchEngine(root, 'c1', worker), {
      executions: params.sequential_executions,
      concurrency: 1,
      warmup: Math.min(params.warmup_executions, 20),
    });
    const parked = await measureParkedMemory(root, params.parked_executions);
    const results = { machine, params, fsyncPerS, loaded, sequential, parked };
    process.stdout.write(`${resultTables(results)}\n`);
    process.stdout.write(`${JSON.stringify(summary(results))}\n`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
if (args.includes('--http')) await runHttpBench(parseHttpBenchArgs(args));
else if (wantsPostgres(args)) await runPgBench(parsePgBenchArgs(args));
else await runSqliteBench(parseBenchArgs(args));
