import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StateMachineDefinition } from '../../src/core/definition/asl-types.js';
import { UnwindError } from '../../src/core/unwind-error.js';
import { ManualClock } from '../../src/engine/clock.js';
import { Engine } from '../../src/engine/engine.js';
import { ExecutionNotRedrivableError } from '../../src/engine/redrive-execution.js';
import { redriveStatusOf } from '../../src/engine/redrive-status.js';
import type { TaskContext, TaskHandlers } from '../../src/engine/task-handler.js';
import { openSqliteStore } from '../../src/sqlite/sqlite-store.js';
import {
  createEngineFixture as createFixture,
  enteredStates,
  eventTypes,
  type EngineFixture,
  type StoreKind,
} from '../helpers/engine-fixture.js';
import { postgresReachable } from '../postgres/postgres-test-database.js';

let fixture: EngineFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

class PaymentDeclined extends Error {
  override name = 'PaymentDeclined';
}

/** Counts invocations per name; `broken` names throw PaymentDeclined until repaired. */
class Participants {
  readonly calls: Record<string, number> = {};
  readonly broken = new Set<string>();

  handler(name: string, output: unknown = name): (input: unknown) => unknown {
    return () => {
      this.calls[name] = (this.calls[name] ?? 0) + 1;
      if (this.broken.has(name)) throw new PaymentDeclined(`${name} is broken`);
      return output;
    };
  }
}

/** A handler that parks until the engine aborts it; `started` resolves once it runs. */
function parked(): {
  handler: (input: unknown, ctx: TaskContext) => Promise<never>;
  started: Promise<void>;
  aborted: () => boolean;
} {
  let markStarted = (): void => undefined;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  let aborted = false;
  return {
    started,
    aborted: () => aborted,
    handler: (_input, ctx) =>
      new Promise<never>((_resolve, reject) => {
        markStarted();
        ctx.signal.addEventListener('abort', () => {
          aborted = true;
          reject(new Error('aborted'));
        });
      }),
  };
}

async function refusal(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a refusal'),
    (error: unknown) => error,
  );
}

const order: StateMachineDefinition = {
  StartAt: 'Reserve',
  States: {
    Reserve: { Type: 'Task', Resource: 'Reserve', ResultPath: '$.reservation', Next: 'Charge' },
    Charge: { Type: 'Task', Resource: 'Charge', ResultPath: '$.payment', Next: 'Ship' },
    Ship: { Type: 'Task', Resource: 'Ship', ResultPath: '$.shipment', End: true },
  },
};

const kinds: StoreKind[] = postgresReachable ? ['sqlite', 'postgres'] : ['sqlite'];

describe.each(kinds)('RedriveExecution on %s', (kind) => {
  const createEngineFixture = (handlers: TaskHandlers): Promise<EngineFixture> => createFixture(handlers, {}, kind);

  it('resumes a failed task once the participant is fixed, without re-running what succeeded', async () => {
    const participants = new Participants();
    participants.broken.add('Charge');
    fixture = await createEngineFixture({
      Reserve: participants.handler('Reserve', 'r-1'),
      Charge: participants.handler('Charge', 'p-1'),
      Ship: participants.handler('Ship', 's-1'),
    });
    const failed = await fixture.run(order, { id: 42 });
    expect(failed.record).toMatchObject({ status: 'FAILED', error: 'PaymentDeclined' });
    expect(redriveStatusOf(failed.record, fixture.clock.now())).toEqual({
      redriveCount: 0,
      redriveStatus: 'REDRIVABLE',
    });
    const arn = failed.record.executionArn;

    participants.broken.delete('Charge');
    fixture.clock.advance(60_000);
    const { redriveDate } = await fixture.engine.redriveExecution(arn);
    expect(redriveDate).toBe(fixture.clock.now());
    const resumed = (await fixture.store.getExecution(arn))!;
    expect(resumed).toMatchObject({ stopDate: null, error: null, cause: null });

    const done = await fixture.finish(arn);
    expect(done.record.status).toBe('SUCCEEDED');
    expect(done.output).toEqual({ id: 42, reservation: 'r-1', payment: 'p-1', shipment: 's-1' });
    expect(participants.calls).toEqual({ Reserve: 1, Charge: 2, Ship: 1 });
    const types = eventTypes(done.events);
    const redriven = types.indexOf('ExecutionRedriven');
    expect(types.slice(redriven - 2, redriven + 3)).toEqual([
      'TaskFailed',
      'ExecutionFailed',
      'ExecutionRedriven',
      'TaskStateEntered',
      'TaskScheduled',
    ]);
    expect(done.events[redriven]).toMatchObject({ executionRedrivenEventDetails: { redriveCount: 1 } });
    expect(done.events.map((event) => event.id)).toEqual(done.events.map((_, index) => index + 1));
    expect(enteredStates(done.events)).toEqual(['Reserve', 'Charge', 'Charge', 'Ship']);
    expect(redriveStatusOf(done.record, fixture.clock.now())).toMatchObject({
      redriveCount: 1,
      redriveDate,
      redriveStatus: 'NOT_REDRIVABLE',
      redriveStatusReason: 'Execution is SUCCEEDED and cannot be redriven',
    });
  });

  it('counts redrives and refuses SUCCEEDED, unknown and too old executions', async () => {
    const participants = new Participants();
    participants.broken.add('Charge');
    fixture = await createEngineFixture({
      Reserve: participants.handler('Reserve'),
      Charge: participants.handler('Charge'),
      Ship: participants.handler('Ship'),
    });
    const arn = (await fixture.run(order, {})).record.executionArn;
    await fixture.engine.redriveExecution(arn);
    const second = await fixture.finish(arn);
    expect(second.record.status).toBe('FAILED');
    expect(redriveStatusOf(second.record, fixture.clock.now()).redriveCount).toBe(1);

    fixture.clock.advance(14 * 24 * 60 * 60 * 1000 + 1);
    const tooOld = await refusal(fixture.engine.redriveExecution(arn));
    expect(tooOld).toBeInstanceOf(ExecutionNotRedrivableError);
    expect((tooOld as ExecutionNotRedrivableError).reason).toBe('Execution redrivable period exceeded');

    const fresh = await fixture.run(order, {}, 'fresh');
    participants.broken.delete('Charge');
    await fixture.engine.redriveExecution(fresh.record.executionArn);
    const succeeded = await fixture.finish(fresh.record.executionArn);
    expect(succeeded.record.status).toBe('SUCCEEDED');
    expect(redriveStatusOf(succeeded.record, fixture.clock.now()).redriveCount).toBe(1);
    expect(succeeded.events.filter((event) => event.type === 'ExecutionRedriven')).toHaveLength(1);

    const refused = await refusal(fixture.engine.redriveExecution(fresh.record.executionArn));
    expect(refused).toBeInstanceOf(ExecutionNotRedrivableError);
    expect((refused as ExecutionNotRedrivableError).reason).toBe('Execution is SUCCEEDED and cannot be redriven');
    const missing = await refusal(fixture.engine.redriveExecution(`${fresh.record.executionArn}-missing`));
    expect((missing as UnwindError).code).toBe('ExecutionDoesNotExist');
  });

  it('increments redriveCount over two redrives', async () => {
    const participants = new Participants();
    participants.broken.add('Ship');
    fixture = await createEngineFixture({
      Reserve: participants.handler('Reserve'),
      Charge: participants.handler('Charge'),
      Ship: participants.handler('Ship'),
    });
    const arn = (await fixture.run(order, {})).record.executionArn;
    await fixture.engine.redriveExecution(arn);
    await fixture.finish(arn);
    participants.broken.delete('Ship');
    await fixture.engine.redriveExecution(arn);
    const done = await fixture.finish(arn);
    expect(done.record.status).toBe('SUCCEEDED');
    expect(redriveStatusOf(done.record, fixture.clock.now()).redriveCount).toBe(2);
    const details = done.events.flatMap((event) =>
      event.type === 'ExecutionRedriven' ? [event.executionRedrivenEventDetails] : [],
    );
    expect(details).toEqual([{ redriveCount: 1 }, { redriveCount: 2 }]);
    expect(participants.calls).toEqual({ Reserve: 1, Charge: 1, Ship: 3 });
  });
});

describe('RedriveExecution of Parallel and Map states', () => {
  it('re-runs the failed Parallel branch only', async () => {
    const participants = new Participants();
    participants.broken.add('Flight');
    fixture = await createFixture({ Hotel: participants.handler('Hotel'), Flight: participants.handler('Flight') });
    const definition: StateMachineDefinition = {
      StartAt: 'Book',
      States: {
        Book: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'Hotel', States: { Hotel: { Type: 'Task', Resource: 'Hotel', End: true } } },
            {
              StartAt: 'Later',
              States: {
                Later: { Type: 'Wait', Seconds: 10, Next: 'Flight' },
                Flight: { Type: 'Task', Resource: 'Flight', End: true },
              },
            },
          ],
          End: true,
        },
      },
    };
    const failed = await fixture.run(definition, {});
    expect(failed.record.status).toBe('FAILED');
    participants.broken.delete('Flight');
    await fixture.engine.redriveExecution(failed.record.executionArn);
    const done = await fixture.finish(failed.record.executionArn);
    expect(done.record.status).toBe('SUCCEEDED');
    expect(done.output).toEqual(['Hotel', 'Flight']);
    expect(participants.calls).toEqual({ Hotel: 1, Flight: 2 });
    expect(enteredStates(done.events)).toEqual(['Book', 'Hotel', 'Later', 'Flight', 'Flight']);
  });

  it('re-runs the failed Map iteration and then the ones not started yet', async () => {
    const calls: number[] = [];
    let brokenItem: number | undefined = 2;
    fixture = await createFixture({
      Item: (item: number) => {
        calls.push(item);
        if (item === brokenItem) throw new PaymentDeclined(`item ${item}`);
        return item * 10;
      },
    });
    const definition: StateMachineDefinition = {
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          MaxConcurrency: 1,
          ItemProcessor: { StartAt: 'Item', States: { Item: { Type: 'Task', Resource: 'Item', End: true } } },
          End: true,
        },
      },
    };
    const failed = await fixture.run(definition, [1, 2, 3]);
    expect(failed.record.status).toBe('FAILED');
    expect(calls).toEqual([1, 2]);
    brokenItem = undefined;
    await fixture.engine.redriveExecution(failed.record.executionArn);
    const done = await fixture.finish(failed.record.executionArn);
    expect(done.output).toEqual([10, 20, 30]);
    expect(calls).toEqual([1, 2, 2, 3]);
  });
});

describe('RedriveExecution of TIMED_OUT and ABORTED executions', () => {
  const slow: StateMachineDefinition = {
    TimeoutSeconds: 5,
    StartAt: 'Reserve',
    States: {
      Reserve: { Type: 'Task', Resource: 'Reserve', ResultPath: '$.reservation', Next: 'Slow' },
      Slow: { Type: 'Task', Resource: 'Slow', ResultPath: '$.slow', End: true },
    },
  };

  it('resumes a TIMED_OUT execution at the state that was running', async () => {
    const participants = new Participants();
    const hanging = parked();
    let slowCalls = 0;
    fixture = await createFixture({
      Reserve: participants.handler('Reserve'),
      Slow: (input: unknown, ctx: TaskContext) => (++slowCalls === 1 ? hanging.handler(input, ctx) : 'fast'),
    });
    const arn = await fixture.start(slow, {});
    await hanging.started;
    fixture.clock.advance(5_000);
    const timedOut = await fixture.engine.waitForExecution(arn);
    expect(timedOut.status).toBe('TIMED_OUT');
    expect(hanging.aborted()).toBe(true);

    await fixture.engine.redriveExecution(arn);
    const done = await fixture.finish(arn, 1000, 3);
    expect(done.record.status).toBe('SUCCEEDED');
    expect(done.output).toEqual({ reservation: 'Reserve', slow: 'fast' });
    expect(participants.calls).toEqual({ Reserve: 1 });
    expect(slowCalls).toBe(2);
  });

  it('resumes an ABORTED execution', async () => {
    const participants = new Participants();
    const hanging = parked();
    let slowCalls = 0;
    fixture = await createFixture({
      Reserve: participants.handler('Reserve'),
      Slow: (input: unknown, ctx: TaskContext) => (++slowCalls === 1 ? hanging.handler(input, ctx) : 'fast'),
    });
    const arn = await fixture.start(slow, {});
    await hanging.started;
    await fixture.engine.stopExecution(arn, 'Operator', 'stuck');
    expect((await fixture.store.getExecution(arn))!.status).toBe('ABORTED');
    await fixture.engine.redriveExecution(arn);
    const done = await fixture.finish(arn);
    expect(done.record.status).toBe('SUCCEEDED');
    expect(participants.calls).toEqual({ Reserve: 1 });
    expect(eventTypes(done.events)).toEqual(expect.arrayContaining(['ExecutionAborted', 'ExecutionRedriven']));
  });
});

describe('RedriveExecution across an engine restart', () => {
  it('a new Engine on the same SQLite file finishes the redriven execution', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unwind-redrive-'));
    const file = join(dir, 'unwind.db');
    const clock = new ManualClock();
    const participants = new Participants();
    const parkedCharge = parked();
    let chargeCalls = 0;
    const handlers: TaskHandlers = {
      Reserve: participants.handler('Reserve'),
      Charge: (input: unknown, ctx: TaskContext) => {
        chargeCalls += 1;
        if (chargeCalls === 1) throw new PaymentDeclined('declined');
        return parkedCharge.handler(input, ctx);
      },
      Ship: participants.handler('Ship'),
    };
    const firstStore = openSqliteStore({ file });
    await firstStore.migrate();
    const first = new Engine({ store: firstStore, handlers, clock });
    await first.start();
    try {
      const arn = await first.startExecution({
        definition: order,
        definitionText: JSON.stringify(order),
        stateMachineName: 'orders',
        input: {},
      });
      expect((await first.waitForExecution(arn)).status).toBe('FAILED');
      await first.redriveExecution(arn);
      await parkedCharge.started;
      await first.stop();
      await firstStore.close();

      const secondStore = openSqliteStore({ file });
      const second = new Engine({
        store: secondStore,
        handlers: { ...handlers, Charge: participants.handler('Charge', 'paid') },
        clock,
      });
      await second.start();
      try {
        const record = await second.waitForExecution(arn);
        expect(record.status).toBe('SUCCEEDED');
        expect(JSON.parse(record.output!)).toEqual({ reservation: 'Reserve', payment: 'paid', shipment: 'Ship' });
        expect(participants.calls).toEqual({ Reserve: 1, Charge: 1, Ship: 1 });
      } finally {
        await second.stop();
        await secondStore.close();
      }
    } finally {
      await first.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
