import { randomUUID } from 'node:crypto';
import type { TaskContext, TaskHandlers } from '../../src/index.js';
import type { ParticipantsDb } from './participants-db.js';

/** The `runType` values of the article: each forces one step to fail; anything else books the trip. */
export const RUN_TYPES = [
  'failHotelReservation',
  'failFlightsReservation',
  'failPayment',
  'failHotelConfirmation',
  'failFlightsConfirmation',
] as const;
export type RunType = (typeof RUN_TYPES)[number];

export interface Trip {
  trip_id: string;
  depart: string;
  depart_at: string;
  arrive: string;
  arrive_at: string;
  hotel: string;
  check_in: string;
  check_out: string;
  rental?: string;
  rental_from?: string;
  rental_to?: string;
  /** The article's payload field; `runType` (its query parameter's name) is accepted too. */
  run_type?: string;
  runType?: string;
}

export interface TripServiceOptions {
  /** Draws the random failures of the cancel steps: a cancel fails when this returns < 0.4. Default Math.random. */
  random?: () => number;
}

/** The article's price of every trip. */
export const TRIP_PRICE = { amount: '450.00', currency: 'USD' };

export class ErrInvalidTrip extends Error {
  override name = 'ErrInvalidTrip';
}

/** A forced failure of a forward step (named `<Step>Failed`), thrown after the step's write has committed. */
export class StepFailed extends Error {
  constructor(step: string, runType: string) {
    super(`${step} failed (run_type ${runType})`);
    this.name = `${step}Failed`;
  }
}

export function parseTrip(input: unknown): Trip {
  const trip = input as Partial<Trip> | null;
  if (typeof trip?.trip_id !== 'string' || trip.trip_id === '') throw new ErrInvalidTrip('trip_id is missing');
  return trip as Trip;
}

function failIf(trip: Trip, runType: RunType, step: string): void {
  if ((trip.run_type ?? trip.runType) === runType) throw new StepFailed(step, runType);
}

/** As in the article, every cancel fails 40% of the time, before doing anything; the Retry policy re-runs it. */
function flaky(random: () => number): void {
  if (random() < 0.4) throw new Error('Internal Server Error');
}

interface BookingService {
  table: 'hotel_bookings' | 'flight_bookings';
  columns: readonly string[];
  values: (trip: Trip) => string[];
  steps: { reserve: string; confirm: string; cancel: string };
  failures: { reserve: RunType; confirm: RunType };
}

const HOTEL: BookingService = {
  table: 'hotel_bookings',
  columns: ['hotel', 'check_in', 'check_out'],
  values: (trip) => [trip.hotel, trip.check_in, trip.check_out],
  steps: { reserve: 'ReserveHotel', confirm: 'ConfirmHotel', cancel: 'CancelHotel' },
  failures: { reserve: 'failHotelReservation', confirm: 'failHotelConfirmation' },
};

const FLIGHT: BookingService = {
  table: 'flight_bookings',
  columns: ['depart', 'depart_at', 'arrive', 'arrive_at'],
  values: (trip) => [trip.depart, trip.depart_at, trip.arrive, trip.arrive_at],
  steps: { reserve: 'ReserveFlight', confirm: 'ConfirmFlight', cancel: 'CancelFlight' },
  failures: { reserve: 'failFlightsReservation', confirm: 'failFlightsConfirmation' },
};

/** Reserve inserts a `pending` booking, confirm sets it `confirmed`, cancel deletes it. */
function bookingHandlers(db: ParticipantsDb, spec: BookingService, random: () => number): TaskHandlers {
  const names = ['booking_id', 'saga_id', 'trip_id', ...spec.columns, 'transaction_status'];
  const placeholders = names.map((name) => (name === 'transaction_status' ? `'pending'` : '?')).join(', ');
  const insert = db.prepare(`INSERT OR IGNORE INTO ${spec.table} (${names.join(', ')}) VALUES (${placeholders})`);
  const get = db.prepare<[string], { booking_id: string; transaction_status: string }>(
    `SELECT booking_id, transaction_status FROM ${spec.table} WHERE saga_id = ?`,
  );
  const confirm = db.prepare(`UPDATE ${spec.table} SET transaction_status = 'confirmed' WHERE saga_id = ?`);
  const remove = db.prepare(`DELETE FROM ${spec.table} WHERE saga_id = ?`);
  return {
    [spec.steps.reserve]: (input: unknown, ctx: TaskContext) => {
      const trip = parseTrip(input);
      insert.run(randomUUID(), ctx.executionName, trip.trip_id, ...spec.values(trip));
      failIf(trip, spec.failures.reserve, spec.steps.reserve);
      return get.get(ctx.executionName);
    },
    [spec.steps.confirm]: (input: unknown, ctx: TaskContext) => {
      const trip = parseTrip(input);
      if (confirm.run(ctx.executionName).changes === 0) throw new Error(`no booking in ${spec.table} to confirm`);
      failIf(trip, spec.failures.confirm, spec.steps.confirm);
      return get.get(ctx.executionName);
    },
    [spec.steps.cancel]: (_input: unknown, ctx: TaskContext) => {
      flaky(random);
      return { deleted: remove.run(ctx.executionName).changes };
    },
  };
}

/** TakePayment inserts a `confirmed` payment; CancelPayment deletes it. */
function paymentHandlers(db: ParticipantsDb, random: () => number): TaskHandlers {
  const insert = db.prepare(
    `INSERT OR IGNORE INTO trip_payments (payment_id, saga_id, trip_id, amount, currency, transaction_status)
     VALUES (?, ?, ?, ?, ?, 'confirmed')`,
  );
  const get = db.prepare(
    'SELECT payment_id, amount, currency, transaction_status FROM trip_payments WHERE saga_id = ?',
  );
  const remove = db.prepare('DELETE FROM trip_payments WHERE saga_id = ?');
  return {
    TakePayment: (input: unknown, ctx: TaskContext) => {
      const trip = parseTrip(input);
      insert.run(randomUUID(), ctx.executionName, trip.trip_id, TRIP_PRICE.amount, TRIP_PRICE.currency);
      failIf(trip, 'failPayment', 'TakePayment');
      return get.get(ctx.executionName);
    },
    CancelPayment: (_input: unknown, ctx: TaskContext) => {
      flaky(random);
      return { deleted: remove.run(ctx.executionName).changes };
    },
  };
}

/**
 * The eight functions of the trip saga. Rows are keyed by the execution (`ctx.executionName`), so a
 * retried or re-invoked step never writes twice. A forced failure of a forward step happens after
 * its write (the work was done but the orchestrator only sees an error), which is why each Catch
 * also cancels the failing step itself.
 */
export function createHandlers(db: ParticipantsDb, options: TripServiceOptions = {}): TaskHandlers {
  const random = options.random ?? Math.random;
  return {
    ...bookingHandlers(db, HOTEL, random),
    ...bookingHandlers(db, FLIGHT, random),
    ...paymentHandlers(db, random),
  };
}
