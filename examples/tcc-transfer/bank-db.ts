import Database from 'better-sqlite3';
import { ensureSqliteBarrierTable } from '../../src/index.js';

/**
 * One bank's own SQLite database:
 *
 * - `accounts`: `balance` is what the holder can spend; `trading_balance` is money held by transfers in
 *   flight (an outgoing amount frozen by a TCC try, or an incoming amount not yet confirmed). Neither may
 *   go below 0 (CHECK), so a bug that would overdraw an account fails loudly instead.
 * - `transfer_ledger`: one row per transfer and side (`out` = this bank was debited, `in` = credited),
 *   written in the same local transaction as the balance change it describes.
 * - `barrier`: the participant barrier (see docs/barrier.md), also in the same transaction.
 *
 * Amounts are integers (cents).
 */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS accounts (
    id TEXT PRIMARY KEY,
    balance INTEGER NOT NULL CHECK (balance >= 0),
    trading_balance INTEGER NOT NULL DEFAULT 0 CHECK (trading_balance >= 0)
  );
  CREATE TABLE IF NOT EXISTS transfer_ledger (
    gid TEXT NOT NULL,
    side TEXT NOT NULL CHECK (side IN ('out', 'in')),
    mode TEXT NOT NULL CHECK (mode IN ('tcc', 'saga')),
    account TEXT NOT NULL,
    amount INTEGER NOT NULL CHECK (amount > 0),
    state TEXT NOT NULL CHECK (state IN ('tried', 'confirmed', 'cancelled', 'done', 'compensated')),
    PRIMARY KEY (gid, side)
  );
`;

/**
 * The saga's compensation of a credit must not fail (phase-two operations are retried until they
 * succeed), so a saga bank lets that one update overdraw: this table has no CHECK on `balance`.
 */
const SAGA_SCHEMA = SCHEMA.replace('balance INTEGER NOT NULL CHECK (balance >= 0)', 'balance INTEGER NOT NULL');

export type BankDb = Database.Database;

export interface AccountRow {
  id: string;
  balance: number;
  trading_balance: number;
}

export type LedgerState = 'tried' | 'confirmed' | 'cancelled' | 'done' | 'compensated';

export interface LedgerRow {
  gid: string;
  side: 'out' | 'in';
  mode: 'tcc' | 'saga';
  account: string;
  amount: number;
  state: LedgerState;
}

export interface BankDbOptions {
  /** Allow the saga credit's compensation to overdraw (see SAGA_SCHEMA). Default false. */
  allowOverdraft?: boolean;
}

/** Opens (creating when missing) a bank's database: WAL, a busy timeout, the tables and the barrier table. */
export function openBankDb(file: string, options: BankDbOptions = {}): BankDb {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // The banks are not the process this example crashes: NORMAL is durable against a process crash in WAL mode.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 10000');
  db.exec(options.allowOverdraft ? SAGA_SCHEMA : SCHEMA);
  ensureSqliteBarrierTable(db);
  return db;
}

/** Inserts (or resets) accounts with the given balances and nothing frozen. */
export function seedAccounts(db: BankDb, accounts: readonly { id: string; balance: number }[]): void {
  const upsert = db.prepare<[string, number]>(
    `INSERT INTO accounts (id, balance, trading_balance) VALUES (?, ?, 0)
     ON CONFLICT (id) DO UPDATE SET balance = excluded.balance, trading_balance = 0`,
  );
  db.transaction(() => {
    for (const account of accounts) upsert.run(account.id, account.balance);
  })();
}

export function readAccounts(db: BankDb): AccountRow[] {
  return db.prepare<[], AccountRow>('SELECT id, balance, trading_balance FROM accounts ORDER BY id').all();
}

export function readAccount(db: BankDb, id: string): AccountRow | undefined {
  return db.prepare<[string], AccountRow>('SELECT id, balance, trading_balance FROM accounts WHERE id = ?').get(id);
}

export function readLedger(db: BankDb): LedgerRow[] {
  return db
    .prepare<[], LedgerRow>('SELECT gid, side, mode, account, amount, state FROM transfer_ledger ORDER BY gid, side')
    .all();
}
