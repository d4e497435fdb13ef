import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../src/core/interpreter/history-event.js';
import { loadDefinition, type LoadedDefinition } from '../../src/index.js';
import { createEngineFixture, enteredStates, type EngineFixture } from '../../tests/helpers/engine-fixture.js';
import { openParticipantsDb, type ParticipantsDb } from './participants-db.js';
import { createHandlers, RUN_TYPES, type RunType, type Trip } from './trip-services.js';

const here = dirname(fileURLToPath(import.meta.url));
const readJson = (...parts: string[]): Trip => JSON.parse(readFileSync(join(here, ...parts), 'utf8')) as Trip;
const FORWARD = ['ReserveHotel', 'ReserveFlight', 'TakePayment', 'ConfirmHotel', 'ConfirmFlight'];
const CANCELS = ['CancelPayment', 'CancelFlight', 'CancelHotel'];
const TABLE_OF_CANCEL: Record<string, string> = {
  CancelPayment: 'trip_payments',
  CancelFlight: 'flight_bookings',
  CancelHotel: 'hotel_bookings',
};

let dir: string | undefined;
let db: ParticipantsDb;
let fixture: EngineFixture | undefined;
let loaded: LoadedDefinition;

async function setUp(random: () => number): Promise<void> {
  dir = mkdtempSync(join(tmpdir(), 'unwind-trip-saga-'));
  db = openParticipantsDb(join(dir, 'participants.db'));
  const handlers = createHandlers(db, { random });
  loaded = loadDefinition(readFileSync(join(here, 'trip-saga.asl.json'), 'utf8'), handlers);
  fixture = await createEngineFixture(handlers);
}

afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
  db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const never = () => 0.99;
/** Plays `values` in order, then never fails again. */
const sequence = (values: number[]) => () => values.shift() ?? 0.99;
/** A small seeded generator (mulberry32) for reproducible random runs. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const run = (input: Trip, name?: string) => fixture!.run(loaded.definition, input as never, name);

/** Each invocation as `State:ok` or `State:ErrorName`, in history order. */
function taskOutcomes(events: HistoryEvent[]): string[] {
  let state = '';
  const outcomes: string[] = [];
  for (const event of events) {
    if (event.type.endsWith('StateEntered')) state = (event.stateEnteredEventDetails as { name: string }).name;
    if (event.type === 'LambdaFunctionSucceeded') outcomes.push(`${state}:ok`);
    const failure = event.lambdaFunctionFailedEventDetails as { error: string } | undefined;
    if (failure) outcomes.push(`${state}:${failure.error}`);
  }
  return outcomes;
}

function rowsOf(sagaId: string) {
  const query = (table: string, columns: string) =>
    db.prepare(`SELECT ${columns} FROM ${table} WHERE saga_id = ?`).all(sagaId);
  return {
    hotel: query('hotel_bookings', 'trip_id, hotel, transaction_status'),
    flight: query('flight_bookings', 'trip_id, depart, arrive, transaction_status'),
    payment: query('trip_payments', 'trip_id, amount, currency, transaction_status'),
  };
}

/** How many rows of this saga are left in the table each cancel cleans up. */
function rowCounts(sagaId: string, cancels: string[]): number[] {
  return cancels.map(
    (cancel) =>
      (
        db.prepare(`SELECT COUNT(*) AS n FROM ${TABLE_OF_CANCEL[cancel]} WHERE saga_id = ?`).get(sagaId) as {
          n: number;
        }
      ).n,
  );
}

/** Per run type: the forward steps entered (the failing one last), then the cancels, in this order. */
const SCENARIOS: Record<RunType, { forward: string[]; cancels: string[] }> = {
  failHotelReservation: { forward: ['ReserveHotel'], cancels: ['CancelHotel'] },
  failFlightsReservation: { forward: ['ReserveHotel', 'ReserveFlight'], cancels: ['CancelFlight', 'CancelHotel'] },
  failPayment: {
    forward: ['ReserveHotel', 'ReserveFlight', 'TakePayment'],
    cancels: ['CancelPayment', 'CancelFlight', 'CancelHotel'],
  },
  failHotelConfirmation: {
    forward: ['ReserveHotel', 'ReserveFlight', 'TakePayment', 'ConfirmHotel'],
    cancels: ['CancelPayment', 'CancelFlight', 'CancelHotel'],
  },
  failFlightsConfirmation: {
    forward: ['ReserveHotel', 'ReserveFlight', 'TakePayment', 'ConfirmHotel', 'ConfirmFlight'],
    cancels: ['CancelPayment', 'CancelFlight', 'CancelHotel'],
  },
};

describe('trip-saga: the runType scenarios', () => {
  it('books the trip: both bookings confirmed, one payment', async () => {
    await setUp(never);
    const input = readJson('input.json');
    const { record, events, output } = await run(input);
    expect(record.status).toBe('SUCCEEDED');
    expect(enteredStates(events)).toEqual([...FORWARD, 'SagaSucceeded']);
    expect(output).toMatchObject({ trip_id: input.trip_id, payment: { amount: '450.00', currency: 'USD' } });
    expect(rowsOf(record.name)).toEqual({
      hotel: [{ trip_id: input.trip_id, hotel: input.hotel, transaction_status: 'confirmed' }],
      flight: [{ trip_id: input.trip_id, depart: input.depart, arrive: input.arrive, transaction_status: 'confirmed' }],
      payment: [{ trip_id: input.trip_id, amount: '450.00', currency: 'USD', transaction_status: 'confirmed' }],
    });
  });

  it('has one sample input per runType', () => {
    expect(readdirSync(join(here, 'inputs')).sort()).toEqual(RUN_TYPES.map((runType) => `${runType}.json`).sort());
  });

  it.each(RUN_TYPES)('%s: cancels in reverse order and leaves no rows', async (runType) => {
    await setUp(never);
    const input = readJson('inputs', `${runType}.json`);
    expect(input.run_type).toBe(runType);
    const { record, events } = await run(input);
    const { forward, cancels } = SCENARIOS[runType];

    expect(enteredStates(events)).toEqual([...forward, ...cancels, 'SagaFailed']);
    expect(taskOutcomes(events)).toEqual([
      ...forward.map((step, i) => (i === forward.length - 1 ? `${step}:${step}Failed` : `${step}:ok`)),
      ...cancels.map((cancel) => `${cancel}:ok`),
    ]);
    expect(record.status).toBe('FAILED');
    expect(record.error).toBe('TripBookingFailed');
    expect(record.cause).toBe(`${forward.at(-1)} failed (run_type ${runType})`);
    expect(rowsOf(record.name)).toEqual({ hotel: [], flight: [], payment: [] });
  });

  it("a failed saga's cancels do not touch another saga's booking of the same trip", async () => {
    await setUp(never);
    const booked = await run(readJson('input.json'));
    const failed = await run(readJson('inputs', 'failFlightsConfirmation.json'));
    expect(failed.record.status).toBe('FAILED');
    expect(rowsOf(booked.record.name).hotel).toEqual([expect.objectContaining({ transaction_status: 'confirmed' })]);
    expect(rowsOf(booked.record.name).payment).toHaveLength(1);
  });
});

describe('trip-saga: cancels that fail at random', () => {
  it('retries a cancel that fails twice (after 1 s, then 2 s) and completes the compensation', async () => {
    await setUp(sequence([0.1, 0.2, 0.9]));
    const { record, events } = await run(readJson('inputs', 'failPayment.json'));

    expect(record.error).toBe('TripBookingFailed');
    expect(enteredStates(events)).toEqual([...FORWARD.slice(0, 3), ...CANCELS, 'SagaFailed']);
    expect(taskOutcomes(events).slice(3)).toEqual([
      'CancelPayment:States.TaskFailed',
      'CancelPayment:States.TaskFailed',
      'CancelPayment:ok',
      'CancelFlight:ok',
      'CancelHotel:ok',
    ]);
    const scheduled = events
      .filter((event) => event.type === 'LambdaFunctionScheduled')
      .map((event) => event.timestamp);
    expect([scheduled[4]! - scheduled[3]!, scheduled[5]! - scheduled[4]!]).toEqual([1000, 2000]);
    expect(rowsOf(record.name)).toEqual({ hotel: [], flight: [], payment: [] });
  });

  it.each(CANCELS)('can still fail for good: %s failing 4 times exhausts its 3 retries', async (cancel) => {
    const position = CANCELS.indexOf(cancel);
    await setUp(sequence([...Array<number>(position).fill(0.9), 0.1, 0.1, 0.1, 0.1]));
    const { record, events } = await run(readJson('inputs', 'failPayment.json'));

    expect(record.status).toBe('FAILED');
    expect(record.error).toBe('States.TaskFailed');
    expect(record.cause).toBe('Internal Server Error');
    expect(enteredStates(events)).toEqual([...FORWARD.slice(0, 3), ...CANCELS.slice(0, position + 1)]);
    expect(taskOutcomes(events).filter((outcome) => outcome.startsWith(cancel))).toEqual(
      Array<string>(4).fill(`${cancel}:States.TaskFailed`),
    );
    // The cancels before it did their work; the rest is left for a human (or a re-run of the cancels).
    expect(rowCounts(record.name, CANCELS)).toEqual(CANCELS.map((_, k) => (k < position ? 0 : 1)));
  });

  it('with seeded randomness, a saga either cancels everything or stops at the cancel that failed for good', async () => {
    await setUp(seeded(20260314));
    const outcomes = new Set<string>();
    for (const [i, runType] of [...RUN_TYPES, ...RUN_TYPES, ...RUN_TYPES, ...RUN_TYPES].entries()) {
      const { record, events } = await run(readJson('inputs', `${runType}.json`), `random-${i}`);
      const { cancels } = SCENARIOS[runType];
      const path = enteredStates(events);
      const stuckAt = path.at(-1) === 'SagaFailed' ? cancels.length : cancels.indexOf(path.at(-1)!);
      expect(stuckAt).toBeGreaterThanOrEqual(0);
      outcomes.add(stuckAt === cancels.length ? 'compensated' : 'stuck');
      expect(record.error).toBe(stuckAt === cancels.length ? 'TripBookingFailed' : 'States.TaskFailed');
      expect(rowCounts(record.name, cancels), runType).toEqual(cancels.map((_, k) => (k < stuckAt ? 0 : 1)));
      if (stuckAt < cancels.length)
        expect(taskOutcomes(events).filter((o) => o.startsWith(path.at(-1)!))).toHaveLength(4);
    }
    expect([...outcomes].sort()).toEqual(['compensated', 'stuck']);
  });
});
