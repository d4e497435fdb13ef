import { Registry } from 'prom-client';
import type { EngineObserver } from '../engine/engine-observer.js';
import { defineInstruments } from './metrics-instruments.js';
import { readWorkQueue, type WorkQueueStore } from './metrics-work-queue.js';
import type { ApiRequestRecord } from './server-options.js';

export interface MetricsOptions {
  /** Where the work-queue gauges are read from at scrape time. */
  store: WorkQueueStore;
  /** epoch ms, for "due now"; default `Date.now`. Pass the engine's clock under test. */
  now?: () => number;
}

/** What `unwind serve` serves at `GET /metrics`, and the observer to give the engine. */
export interface Metrics {
  observer: EngineObserver;
  /** Give to the server as `onApiRequest`: counts answered API requests by operation and status. */
  onApiRequest(record: ApiRequestRecord): void;
  contentType: string;
  /** The Prometheus text exposition of every metric (reads the store for the gauges). */
  render(): Promise<string>;
}

/** Prometheus metrics of one engine, in a registry of their own (never prom-client's global one). */
export function createMetrics(options: MetricsOptions): Metrics {
  const now = options.now ?? Date.now;
  const registry = new Registry();
  const instruments = defineInstruments(registry);
  const observer: EngineObserver = {
    executionStarted: (stateMachineArn) => instruments.started.inc({ state_machine: stateMachineArn }),
    executionFinished: (stateMachineArn, status) =>
      instruments.finished.inc({ state_machine: stateMachineArn, status }),
    transitionCommitted: (count) => instruments.transitions.inc(count),
    taskCompleted: (_resource, durationMs, ok) =>
      instruments.taskSeconds.observe({ outcome: ok ? 'ok' : 'error' }, durationMs / 1000),
    leaseTakenOver: (count) => instruments.takeovers.inc(count),
    commitBatch: (size, durationMs) => {
      instruments.batchSize.observe(size);
      instruments.commitSeconds.observe(durationMs / 1000);
    },
  };

  return {
    observer,
    onApiRequest: (record) =>
      instruments.apiRequests.inc({ operation: record.operation ?? 'unknown', status: String(record.status) }),
    contentType: registry.contentType,
    render: async () => {
      const reading = await readWorkQueue(options.store, now());
      instruments.queueDepth.set(reading.dueUnleasedWork);
      instruments.running.set(reading.runningExecutions);
      return registry.metrics();
    },
  };
}
