import { loadBenchDefinition, type BenchEngine } from './bench-engine.js';
import { percentile } from './percentile.js';
import { processCpuMs } from './cpu-time.js';
import { SAGA_INPUT, sagaDefinitionText } from './saga-definition.js';

export interface ThroughputRequest {
  executions: number;
  concurrency: number;
  /** Executions run first on the same engine and left out of the figures (JIT, caches, SQLite pages). */
  warmup: number;
}

export interface ThroughputResult {
  executions: number;
  concurrency: number;
  elapsedS: number;
  executionsPerS: number;
  transitionsPerS: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Database transactions (group-commit batches) per execution. */
  dbCommitsPerExecution: number;
  transitionsPerCommit: number;
  transitions: number;
  dbCommits: number;
  /** SQL statements sent during the measured loop (undefined when the store does not count them). */
  statements?: number;
  statementsPerExecution?: number;
  /** CPU time of this process (the engine, and SQLite when it is the store) per measured execution. */
  clientCpuMsPerExecution: number;
  /** CPU time of the PostgreSQL backends serving the engine, per execution (when readable). */
  serverCpuMsPerExecution?: number;
}

/** Keeps `concurrency` calls of `runOne` in flight until `count` have been started. */
export async function closedLoop(count: number, concurrency: number, runOne: () => Promise<void>): Promise<void> {
  let started = 0;
  const worker = async (): Promise<void> => {
    while (started < count) {
      started += 1;
      await runOne();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/** Runs the bench saga to its end on `bench` and records its latency (start to `waitForExecution`). */
export function sagaRunner(bench: BenchEngine): (latencies: number[]) => Promise<void> {
  const definition = loadBenchDefinition(sagaDefinitionText());
  return async (latencies) => {
    const t0 = performance.now();
    const arn = await bench.start(definition, SAGA_INPUT);
    const record = await bench.engine.waitForExecution(arn);
    latencies.push(performance.now() - t0);
    if (record.status !== 'SUCCEEDED') {
      throw new Error(`bench execution ${arn} ended ${record.status}: ${record.cause}`);
    }
  };
}

/**
 * A closed loop on a fresh database (`open` makes one; it is closed afterwards): keeps `concurrency`
 * saga executions in flight and starts a new one whenever one finishes.
 */
export async function measureThroughput(
  open: () => Promise<BenchEngine>,
  request: ThroughputRequest,
  /** What one execution is (default: the ASL bench saga); prepares the engine, returns the runner. */
  runnerOf: (bench: BenchEngine) => (latencies: number[]) => Promise<void> = sagaRunner,
): Promise<ThroughputResult> {
  const bench = await open();
  const { engine } = bench;
  try {
    const runOne = runnerOf(bench);
    await closedLoop(request.warmup, request.concurrency, () => runOne([]));
    const commitsBefore = engine.committer.commits;
    const batchesBefore = engine.committer.batches;
    const statementsBefore = bench.statementCount();
    const serverCpuBefore = await bench.serverCpuMs?.();
    const clientCpuBefore = processCpuMs();
    const latencies: number[] = [];
    const t0 = performance.now();
    await closedLoop(request.executions, request.concurrency, () => runOne(latencies));
    const elapsedS = (performance.now() - t0) / 1000;
    const clientCpuMs = processCpuMs() - clientCpuBefore;
    const serverCpuAfter = await bench.serverCpuMs?.();
    const serverCpuMs =
      serverCpuBefore === undefined || serverCpuAfter === undefined ? undefined : serverCpuAfter - serverCpuBefore;
    const transitions = engine.committer.commits - commitsBefore;
    const dbCommits = engine.committer.batches - batchesBefore;
    const statementsAfter = bench.statementCount();
    const statements =
      statementsBefore === undefined || statementsAfter === undefined ? undefined : statementsAfter - statementsBefore;
    return {
      executions: request.executions,
      concurrency: request.concurrency,
      elapsedS,
      executionsPerS: request.executions / elapsedS,
      transitionsPerS: transitions / elapsedS,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      maxMs: percentile(latencies, 100),
      dbCommitsPerExecution: dbCommits / request.executions,
      transitionsPerCommit: transitions / dbCommits,
      transitions,
      dbCommits,
      ...(statements === undefined ? {} : { statements, statementsPerExecution: statements / request.executions }),
      clientCpuMsPerExecution: clientCpuMs / request.executions,
      ...(serverCpuMs === undefined ? {} : { serverCpuMsPerExecution: serverCpuMs / request.executions }),
    };
  } finally {
    await bench.close();
  }
}
