import { afterEach, describe, expect, it } from 'vitest';
import type { StateMachineDefinition } from '../../src/core/definition/asl-types.js';
import { createMetrics } from '../../src/server/metrics.js';
import type { WorkQueueStore } from '../../src/server/metrics-work-queue.js';
import { createEngineFixture, type EngineFixture } from '../helpers/engine-fixture.js';

let fixture: EngineFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

/** Waits an hour first when `$.park` is set; `Work` takes 1.5 s (manual clock) or fails at once. */
const saga: StateMachineDefinition = {
  StartAt: 'Route',
  States: {
    Route: { Type: 'Choice', Choices: [{ Variable: '$.park', IsPresent: true, Next: 'Park' }], Default: 'Work' },
    Park: { Type: 'Wait', Seconds: 3600, Next: 'Work' },
    Work: { Type: 'Task', Resource: 'Work', End: true },
  },
};

/** The store as the fixture opens it: the observer must exist before the engine, the store after. */
function fixtureStore(): WorkQueueStore {
  return {
    listUnfinishedExecutions: () => fixture!.store.listUnfinishedExecutions(),
    countDueWork: (now) => fixture!.store.countDueWork(now),
  };
}

const emptyStore: WorkQueueStore = {
  listUnfinishedExecutions: () => Promise.resolve([]),
  countDueWork: () => Promise.resolve(0),
};

/** The value of one sample line `name{labels} value` of the exposition (undefined when absent). */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('Prometheus metrics', () => {
  it('counts what the engine did and reads the work queue from the store', async () => {
    const metrics = createMetrics({ store: fixtureStore(), now: () => fixture!.clock.now() });
    fixture = await createEngineFixture(
      {
        Work: (input: { fail?: boolean }) => {
          if (input.fail) throw new Error('declined');
          fixture!.clock.advance(1500);
          return 'done';
        },
      },
      { observer: metrics.observer },
    );
    const ok = await fixture.run(saga, {}, 'ok');
    const failed = await fixture.run(saga, { fail: true }, 'failed');
    const parked = await fixture.start(saga, { park: true }, 'parked');
    await fixture.engine.drain();
    const machine = ok.record.stateMachineArn;

    const text = await metrics.render();
    expect(metrics.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(text).toContain('# TYPE unwind_executions_started_total counter');
    expect(sample(text, `unwind_executions_started_total{state_machine="${machine}"}`)).toBe(3);
    expect(sample(text, `unwind_executions_finished_total{state_machine="${machine}",status="SUCCEEDED"}`)).toBe(1);
    expect(sample(text, `unwind_executions_finished_total{state_machine="${machine}",status="FAILED"}`)).toBe(1);
    const parkedVersion = (await fixture.store.getExecution(parked))!.version;
    expect(sample(text, 'unwind_transitions_total')).toBe(ok.record.version + failed.record.version + parkedVersion);
    expect(sample(text, 'unwind_lease_takeovers_total')).toBe(0);

    expect(text).toContain('# TYPE unwind_task_duration_seconds histogram');
    expect(sample(text, 'unwind_task_duration_seconds_bucket{le="1",outcome="ok"}')).toBe(0);
    expect(sample(text, 'unwind_task_duration_seconds_bucket{le="2.5",outcome="ok"}')).toBe(1);
    expect(sample(text, 'unwind_task_duration_seconds_sum{outcome="ok"}')).toBe(1.5);
    expect(sample(text, 'unwind_task_duration_seconds_bucket{le="0.005",outcome="error"}')).toBe(1);
    expect(sample(text, 'unwind_task_duration_seconds_count{outcome="error"}')).toBe(1);
    expect(sample(text, 'unwind_commit_batch_size_sum')).toBe(sample(text, 'unwind_transitions_total'));

    expect(sample(text, 'unwind_executions_running')).toBe(1);
    expect(sample(text, 'unwind_work_queue_depth')).toBe(0);
    // With no engine running, the parked execution's timer falls due and nobody claims it.
    await fixture.engine.stop();
    fixture.clock.advance(3_600_000);
    const later = await metrics.render();
    expect(sample(later, 'unwind_work_queue_depth')).toBe(1);
    expect(sample(later, 'unwind_executions_running')).toBe(1);
  });

  it('counts lease takeovers and keeps its registry to itself', async () => {
    const one = createMetrics({ store: emptyStore });
    const other = createMetrics({ store: emptyStore });
    one.observer.leaseTakenOver?.(2);
    one.observer.leaseTakenOver?.(3);
    expect(sample(await one.render(), 'unwind_lease_takeovers_total')).toBe(5);
    expect(sample(await other.render(), 'unwind_lease_takeovers_total')).toBe(0);
  });

  it('counts answered API requests by operation and status', async () => {
    const metrics = createMetrics({ store: emptyStore });
    const answered = { errorType: undefined, durationMs: 3 };
    metrics.onApiRequest({ ...answered, operation: 'StartExecution', status: 200 });
    metrics.onApiRequest({ ...answered, operation: 'StartExecution', status: 200 });
    metrics.onApiRequest({ operation: undefined, status: 400, errorType: 'UnknownOperationException', durationMs: 1 });
    const text = await metrics.render();
    expect(sample(text, 'unwind_api_requests_total{operation="StartExecution",status="200"}')).toBe(2);
    expect(sample(text, 'unwind_api_requests_total{operation="unknown",status="400"}')).toBe(1);
  });
});
