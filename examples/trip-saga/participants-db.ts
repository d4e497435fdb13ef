import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/**
 * The three participants of the trip saga, each with its own table: the hotel service
 * (`hotel_bookings`), the airline (`flight_bookings`) and the payment service (`trip_payments`).
 * `saga_id` is the execution that made the row: retries and re-invocations of a step find their
 * row instead of inserting another, and one saga's cancel never touches another saga's row.
 */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS hotel_bookings (
    booking_id TEXT PRIMARY KEY,
    saga_id TEXT NOT NULL UNIQUE,
    trip_id TEXT NOT NULL,
    hotel TEXT NOT NULL,
    check_in TEXT NOT NULL,
    check_out TEXT NOT NULL,
    transaction_status TEXT NOT NULL CHECK (transaction_status IN ('pending', 'confirmed'))
  );
  CREATE TABLE IF NOT EXISTS flight_bookings (
    booking_id TEXT PRIMARY KEY,
    saga_id TEXT NOT NULL UNIQUE,
    trip_id TEXT NOT NULL,
    depart TEXT NOT NULL,
    depart_at TEXT NOT NULL,
    arrive TEXT NOT NULL,
    arrive_at TEXT NOT NULL,
    transaction_status TEXT NOT NULL CHECK (transaction_status IN ('pending', 'confirmed'))
  );
  CREATE TABLE IF NOT EXISTS trip_payments (
    payment_id TEXT PRIMARY KEY,
    saga_id TEXT NOT NULL UNIQUE,
    trip_id TEXT NOT NULL,
    amount TEXT NOT NULL,
    currency TEXT NOT NULL,
    transaction_status TEXT NOT NULL CHECK (transaction_status IN ('confirmed'))
  );
`;

export type ParticipantsDb = Database.Database;

/** Opens (creating when missing) the participants' database and its tables. */
export function openParticipantsDb(file: string): ParticipantsDb {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec(SCHEMA);
  return db;
}

/** `UNWIND_EXAMPLE_DB`, else a file in the OS temp dir: running the example never writes into the repository. */
export function participantsDbFile(): string {
  return process.env.UNWIND_EXAMPLE_DB || join(tmpdir(), 'unwind-trip-saga-participants.db');
}
