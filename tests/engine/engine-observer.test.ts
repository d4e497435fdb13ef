import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StateMachineDefinition } from '../../src/core/definition/asl-types.js';
import { ManualClock } from '../../src/engine/clock.js';
import { Engine } from '../../src/engine/engine.js';
import type { EngineObserver } from '../../src/engine/engine-observer.js';
import { openSqliteStore } from '../../src/sqlite/sqlite-store.js';
import { createEngineFixture, type EngineFixture } from '../helpers/engine-fixture.js';

let fixture: EngineFixture | undefined;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Call = [keyof EngineObserver, ...unknown[]];

function recordingObserver(calls: Call[]): Required<EngineObserver> {
  return {
    executionStarted: (...args) => void calls.push(['executionStarted', ...args]),
    executionFinished: (...args) => void calls.push(['executionFinished', ...args]),
    transitionCommitted: (...args) => void calls.push(['transitionCommitted', ...args]),
    taskCompleted: (...args) => void calls.push(['taskCompleted', ...args]),
    leaseTakenOver: (...args) => void calls.push(['leaseTakenOver', ...args]),
    commitBatch: (...args) => void calls.push(['commitBatch', ...args]),
  };
}

function argsOf(calls: Call[], hook: keyof EngineObserver): unknown[][] {
  return calls.filter(([name]) => name === hook).map(([, ...args]) => args);
}

function total(calls: Call[], hook: 'transitionCommitted' | 'commitBatch'): number {
  return argsOf(calls, hook).reduce((sum, [count]) => sum + (count as number), 0);
}

const work: StateMachineDefinition = {
  StartAt: 'Work',
  States: { Work: { Type: 'Task', Resource: 'Work', End: true } },
};
const pass: StateMachineDefinition = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };

/** `Work` takes 1.5 s on the manual clock and succeeds, or fails at once when asked to. */
function workHandler(clock: () => ManualClock) {
  return {
    Work: (input: { fail?: boolean }) => {
      if (input.fail) throw new Error('declined');
      clock().advance(1500);
      return 'done';
    },
  };
}

describe('engine observer', () => {
  it('reports started and finished executions, committed transitions, tasks and commit batches', async () => {
    const calls: Call[] = [];
    fixture = await createEngineFixture(
      workHandler(() => fixture!.clock),
      { observer: recordingObserver(calls) },
    );
    const ok = await fixture.run(work, {}, 'ok');
    const failed = await fixture.run(work, { fail: true }, 'failed');
    const instant = await fixture.run(pass, {}, 'instant');
    const machine = ok.record.stateMachineArn;
    expect([ok.record.status, failed.record.status, instant.record.status]).toEqual([
      'SUCCEEDED',
      'FAILED',
      'SUCCEEDED',
    ]);

    expect(argsOf(calls, 'executionStarted')).toEqual([[machine], [machine], [machine]]);
    expect(argsOf(calls, 'executionFinished')).toEqual([
      [machine, 'SUCCEEDED'],
      [machine, 'FAILED'],
      [machine, 'SUCCEEDED'],
    ]);
    expect(argsOf(calls, 'taskCompleted')).toEqual([
      ['Work', 1500, true, expect.objectContaining({ executionArn: ok.record.executionArn, stateName: 'Work' })],
      [
        'Work',
        0,
        false,
        expect.objectContaining({ executionArn: failed.record.executionArn, error: expect.any(String) }),
      ],
    ]);
    // Every committed transition bumps an execution's version by one.
    const versions = ok.record.version + failed.record.version + instant.record.version;
    expect(versions).toBe(5);
    expect(total(calls, 'transitionCommitted')).toBe(versions);
    expect(total(calls, 'commitBatch')).toBe(versions);
    for (const [, durationMs] of argsOf(calls, 'commitBatch')) expect(durationMs).toBeGreaterThanOrEqual(0);
    expect(argsOf(calls, 'leaseTakenOver')).toEqual([]);
  });

  it('keeps running executions when every hook throws or rejects', async () => {
    let hookCalls = 0;
    const fail = (): never => {
      hookCalls += 1;
      throw new Error('observer is broken');
    };
    const reject = async (): Promise<void> => {
      hookCalls += 1;
      await Promise.resolve();
      throw new Error('observer is broken, asynchronously');
    };
    const observer: EngineObserver = {
      executionStarted: fail,
      // eslint-disable-next-line @typescript-eslint/no-misused-promises -- a rejecting hook is what this test is about
      executionFinished: reject,
      transitionCommitted: fail,
      // eslint-disable-next-line @typescript-eslint/no-misused-promises -- a rejecting hook is what this test is about
      taskCompleted: reject,
      leaseTakenOver: fail,
      commitBatch: fail,
    };
    fixture = await createEngineFixture(
      workHandler(() => fixture!.clock),
      { observer },
    );
    const ok = await fixture.run(work, {}, 'ok');
    const failed = await fixture.run(work, { fail: true }, 'failed');
    expect([ok.record.status, ok.output]).toEqual(['SUCCEEDED', 'done']);
    expect([failed.record.status, failed.record.error]).toEqual(['FAILED', 'States.TaskFailed']);
    expect(hookCalls).toBeGreaterThanOrEqual(2 + 2 + 2 + 4);
  });

  it('reports the leases of a dead engine it takes over', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unwind-observer-'));
    const store = openSqliteStore({ file: join(dir, 'unwind.db') });
    cleanups.push(
      () => rmSync(dir, { recursive: true, force: true }),
      () => store.close(),
    );
    await store.migrate();
    const clock = new ManualClock();
    const first = new Engine({ store, clock });
    await first.start();
    const wait: StateMachineDefinition = {
      StartAt: 'W',
      States: { W: { Type: 'Wait', Seconds: 60, Next: 'Done' }, Done: { Type: 'Pass', End: true } },
    };
    const arn = await first.startExecution({
      definition: wait,
      definitionText: JSON.stringify(wait),
      stateMachineName: 'm',
    });
    await first.stop();
    // An engine of this host whose process is gone holds the timer's lease.
    const deadPid = 4_194_305; // above Linux's largest pid_max: no such process
    const now = clock.now();
    await store.registerEngine({ id: 'dead-engine', host: hostname(), pid: deadPid, startedAt: now, heartbeatAt: now });
    const claimed = await store.claimWork({
      owner: 'dead-engine',
      now: now + 60_000,
      limit: 10,
      leaseUntil: now + 3_600_000,
    });
    expect(claimed).toHaveLength(1);

    const calls: Call[] = [];
    const second = new Engine({ store, clock, observer: recordingObserver(calls) });
    cleanups.push(() => second.stop());
    await second.start();
    expect(argsOf(calls, 'leaseTakenOver')).toEqual([[1]]);
    clock.advance(60_000);
    await second.drain();
    expect((await store.getExecution(arn))?.status).toBe('SUCCEEDED');
    expect(argsOf(calls, 'executionFinished')).toEqual([
      ['arn:aws:states:us-east-1:123456789012:stateMachine:m', 'SUCCEEDED'],
    ]);
  });
});
