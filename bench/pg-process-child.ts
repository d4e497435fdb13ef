/**
 * One engine process of the PostgreSQL scaling measurement. It opens an engine on an existing schema
 * (shared with the other processes), runs its warm-up, prints `{"ready":true}`, waits for a line on
 * stdin, then runs its share of executions in a closed loop and prints one JSON line of results.
 * Usage: node dist/bench/pg-process-child.js <postgres url> <schema> <executions> <concurrency> <warmup>
 */
import { createInterface } from 'node:readline';
import { startBenchEngine } from './bench-engine.js';
import { closedLoop, sagaRunner } from './measure-throughput.js';
import { percentile } from './percentile.js';
import { backendCpuMs, processCpuMs } from './cpu-time.js';
import { benchApplicationName, openBenchPgStore } from './pg-bench-engine.js';

export interface ProcessShareResult {
  executions: number;
  concurrency: number;
  /** Wall-clock start and end of the measured loop (epoch ms, comparable across processes). */
  startEpochMs: number;
  endEpochMs: number;
  executionsPerS: number;
  p50Ms: number;
  p99Ms: number;
  statements: number;
  dbCommits: number;
  transitions: number;
  /** CPU time of this process, and of the backends serving it (when readable), in the loop (ms). */
  clientCpuMs: number;
  serverCpuMs?: number;
}

const epochNow = (): number => performance.timeOrigin + performance.now();

async function main(url: string, schema: string, executions: number, concurrency: number, warmup: number) {
  const store = await openBenchPgStore(url, schema);
  const bench = await startBenchEngine(
    store,
    () => store.statementCount,
    () => Promise.resolve(),
  );
  const { engine } = bench;
  try {
    const runOne = sagaRunner(bench);
    await closedLoop(warmup, concurrency, () => runOne([]));
    const lines = createInterface({ input: process.stdin });
    const go = new Promise<void>((resolve) => lines.once('line', () => resolve()));
    process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
    await go;
    lines.close();
    const statementsBefore = store.statementCount;
    const batchesBefore = engine.committer.batches;
    const commitsBefore = engine.committer.commits;
    const serverCpuBefore = await backendCpuMs(url, benchApplicationName());
    const clientCpuBefore = processCpuMs();
    const latencies: number[] = [];
    const startEpochMs = epochNow();
    await closedLoop(executions, concurrency, () => runOne(latencies));
    const endEpochMs = epochNow();
    const clientCpuMs = processCpuMs() - clientCpuBefore;
    const serverCpuAfter = await backendCpuMs(url, benchApplicationName());
    const result: ProcessShareResult = {
      executions,
      concurrency,
      startEpochMs,
      endEpochMs,
      executionsPerS: executions / ((endEpochMs - startEpochMs) / 1000),
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      statements: store.statementCount - statementsBefore,
      dbCommits: engine.committer.batches - batchesBefore,
      transitions: engine.committer.commits - commitsBefore,
      clientCpuMs,
      ...(serverCpuBefore === undefined || serverCpuAfter === undefined
        ? {}
        : { serverCpuMs: serverCpuAfter - serverCpuBefore }),
    };
    return result;
  } finally {
    await bench.close();
  }
}

const [url, schema, executions, concurrency, warmup] = process.argv.slice(2);
if (url && schema && executions && concurrency && warmup) {
  const result = await main(url, schema, Number(executions), Number(concurrency), Number(warmup));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
