import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/**
 * The three participants of the order saga, each with its own table: the order service
 * (`orders`), the payment service (`order_payments`) and the inventory service
 * (`inventory_reservations`). They live in a database of their own, never in the engine's.
 */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS orders (
    order_id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL,
    order_date TEXT NOT NULL,
    total_cents INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('new', 'failed'))
  );
  CREATE TABLE IF NOT EXISTS order_payments (
    payment_id TEXT PRIMARY KEY,
    order_id TEXT NOT NULL UNIQUE,
    amount_cents INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('debited', 'refunded'))
  );
  CREATE TABLE IF NOT EXISTS inventory_reservations (
    order_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    qty REAL NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('reserved', 'released')),
    PRIMARY KEY (order_id, item_id)
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
  return process.env.UNWIND_EXAMPLE_DB || join(tmpdir(), 'unwind-order-llt-participants.db');
}
