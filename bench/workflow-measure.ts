import { randomUUID } from 'node:crypto';
import type { BenchEngine } from './bench-engine.js';
import { processCpuMs } from './cpu-time.js';
import { closedLoop, type ThroughputRequest, type ThroughputResult } from './measure-throughput.js';
import { percentile } from './percentile.js';
import { SAGA_INPUT, WORKFLOW_NAME, registerWorkflowSaga } from './workflow-saga.js';

/** Runs the code-first saga once (a fresh gid) to its end and records its latency (start to result). */
function workflowRunner(bench: BenchEngine): (latencies: number[]) => Promise<void> {
  return async (latencies) => {
    const t0 = performance.now();
    const result = await bench.engine.executeWorkflow(WORKFLOW_NAME, randomUUID(), SAGA_INPUT);
    latencies.push(performance.now() - t0);
    if (result.status !== 'SUCCEEDED') throw new Error(`bench workflow ${result.executionArn} ended ${result.status}`);
  };
}

/**
 * The closed loop of `measureThroughput`, on the code-first saga: a fresh database (`open`), the
 * workflow registered, warm-up left out, then `executions` with `concurrency` in flight.
 * `transitions` counts the workflow's commits (start, one per branch, the end).
 */
export async function measureWorkflowThroughput(
  open: () => Promise<BenchEngine>,
  request: ThroughputRequest,
): Promise<ThroughputResult> {
  const bench = await open();
  const { engine } = bench;
  try {
    registerWorkflowSaga(engine);
    const runOne = workflowRunner(bench);
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
    const statementsAfter = bench.statementCount();
    const transitions = engine.committer.commits - commitsBefore;
    const dbCommits = engine.committer.batches - batchesBefore;
    const statements =
      statementsBefore === undefined || statementsAfter === undefined ? undefined : statementsAfter - statementsBefore;
    const serverCpuMs =
      serverCpuBefore === undefined || serverCpuAfter === undefined ? undefined : serverCpuAfter - serverCpuBefore;
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
