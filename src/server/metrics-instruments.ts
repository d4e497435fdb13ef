import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

const TASK_SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];
const COMMIT_SECONDS_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];
const BATCH_SIZE_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];

/** Every metric Unwind exports, registered in `registry` (never prom-client's global one). */
export function defineInstruments(registry: Registry) {
  const registers = [registry];
  const started = new Counter({
    name: 'unwind_executions_started_total',
    help: 'Executions started by this engine.',
    labelNames: ['state_machine'] as const,
    registers,
  });
  const finished = new Counter({
    name: 'unwind_executions_finished_total',
    help: 'Executions ended by this engine, by final status.',
    labelNames: ['state_machine', 'status'] as const,
    registers,
  });
  const transitions = new Counter({
    name: 'unwind_transitions_total',
    help: 'Transitions committed by this engine.',
    registers,
  });
  const takeovers = new Counter({
    name: 'unwind_lease_takeovers_total',
    help: 'Leases of dead engines released by this engine so that their work is taken over.',
    registers,
  });
  const taskSeconds = new Histogram({
    name: 'unwind_task_duration_seconds',
    help: 'Task handler invocations by outcome (ok or error), in seconds.',
    labelNames: ['outcome'] as const,
    buckets: TASK_SECONDS_BUCKETS,
    registers,
  });
  const batchSize = new Histogram({
    name: 'unwind_commit_batch_size',
    help: 'Transitions written per group-commit database transaction.',
    buckets: BATCH_SIZE_BUCKETS,
    registers,
  });
  const commitSeconds = new Histogram({
    name: 'unwind_commit_duration_seconds',
    help: 'Time to write one group-commit database transaction, in seconds.',
    buckets: COMMIT_SECONDS_BUCKETS,
    registers,
  });
  const apiRequests = new Counter({
    name: 'unwind_api_requests_total',
    help: 'Step Functions API requests answered, by operation and HTTP status.',
    labelNames: ['operation', 'status'] as const,
    registers,
  });
  const queueDepth = new Gauge({
    name: 'unwind_work_queue_depth',
    help: 'Work items due now and not leased (waiting to be claimed), read from the store.',
    registers,
  });
  const running = new Gauge({
    name: 'unwind_executions_running',
    help: 'Executions whose status is RUNNING, in every process on this database, read from the store.',
    registers,
  });
  return {
    started,
    finished,
    transitions,
    takeovers,
    taskSeconds,
    batchSize,
    commitSeconds,
    apiRequests,
    queueDepth,
    running,
  };
}

export type Instruments = ReturnType<typeof defineInstruments>;
