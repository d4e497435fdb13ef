import type Database from 'better-sqlite3';

/** The participant's own business table, next to the barrier table. */
export function createSqliteAccounts(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS account (id TEXT PRIMARY KEY, balance INTEGER NOT NULL)');
}

/** The business step: add `amount` to the balance, on the connection of the barrier's transaction. */
export function addToSqliteBalance(db: Database.Database, account: string, amount: number): void {
  db.prepare(
    'INSERT INTO account (id, balance) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET balance = balance + excluded.balance',
  ).run(account, amount);
}

export function sqliteBalance(db: Database.Database, account: string): number {
  const row = db.prepare<[string], { balance: number }>('SELECT balance FROM account WHERE id = ?').get(account);
  return row?.balance ?? 0;
}

export function openParticipantDatabase(DatabaseClass: typeof Database, file: string): Database.Database {
  const db = new DatabaseClass(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 30000');
  return db;
}
