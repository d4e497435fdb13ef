import { randomUUID } from 'node:crypto';
import type { BenchEngine } from './bench-engine.js';
import { measureThroughput, type ThroughputRequest, type ThroughputResult } from './measure-throughput.js';
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
export function measureWorkflowThroughput(
  open: () => Promise<BenchEngine>,
  request: ThroughputRequest,
): Promise<ThroughputResult> {
  return measureThroughput(open, request, (bench) => {
    registerWorkflowSaga(bench.engine);
    return workflowRunner(bench);
  });
}
