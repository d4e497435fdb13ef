import type { BankDb, LedgerRow, LedgerState } from './bank-db.js';

/** A refusal for business reasons: the service answers 409 and nothing of the request is committed. */
export class BankRefusal extends Error {
  override name = 'BankRefusal';
}

export interface Movement {
  gid: string;
  account: string;
  amount: number;
}

type TccOperationName = 'outTry' | 'outConfirm' | 'outCancel' | 'inTry' | 'inConfirm' | 'inCancel';
type SagaOperationName = 'outAction' | 'outCompensate' | 'inAction' | 'inCompensate';

/** A bank operation: runs inside the barrier's local transaction, on the transaction's connection. */
export type BankOperation = (db: BankDb, movement: Movement) => void;

function requireAccount(db: BankDb, account: string): void {
  const found = db.prepare<[string], { id: string }>('SELECT id FROM accounts WHERE id = ?').get(account);
  if (!found) throw new BankRefusal(`no such account: ${account}`);
}

function insertLedger(db: BankDb, row: LedgerRow): void {
  db.prepare<[string, string, string, string, number, string]>(
    'INSERT INTO transfer_ledger (gid, side, mode, account, amount, state) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(row.gid, row.side, row.mode, row.account, row.amount, row.state);
}

/**
 * Moves the ledger row of (gid, side) from `from` to `to` and returns it. The barrier runs a phase-two
 * operation only after its forward operation committed, so a missing row is a protocol violation: it
 * throws (the service answers 500 and the caller retries), it never invents a movement.
 */
function advanceLedger(db: BankDb, gid: string, side: 'out' | 'in', from: LedgerState, to: LedgerState): LedgerRow {
  const row = db
    .prepare<[string, string], LedgerRow>(
      'SELECT gid, side, mode, account, amount, state FROM transfer_ledger WHERE gid = ? AND side = ?',
    )
    .get(gid, side);
  if (!row || row.state !== from) {
    throw new Error(`ledger of ${gid}/${side} is ${row ? row.state : 'missing'}, expected ${from}`);
  }
  db.prepare<[string, string, string]>('UPDATE transfer_ledger SET state = ? WHERE gid = ? AND side = ?').run(
    to,
    gid,
    side,
  );
  return row;
}

const adjust = (db: BankDb, account: string, balance: number, trading: number): void => {
  db.prepare<[number, number, string]>(
    'UPDATE accounts SET balance = balance + ?, trading_balance = trading_balance + ? WHERE id = ?',
  ).run(balance, trading, account);
};

/**
 * TCC: try freezes, confirm moves, cancel releases. `balance` is spendable; `trading_balance` holds
 * money of transfers in flight, which nobody can spend. Confirm and cancel use the amount the try
 * recorded, whatever the request says.
 */
export const tccOperations: Readonly<Record<TccOperationName, BankOperation>> = {
  /** Debit try: requires `balance >= amount`, moves the amount from balance into trading_balance. */
  outTry: (db, { gid, account, amount }) => {
    requireAccount(db, account);
    const frozen = db
      .prepare<[number, number, string, number]>(
        'UPDATE accounts SET balance = balance - ?, trading_balance = trading_balance + ? WHERE id = ? AND balance >= ?',
      )
      .run(amount, amount, account, amount).changes;
    if (frozen !== 1) throw new BankRefusal(`insufficient funds in ${account} for ${amount}`);
    insertLedger(db, { gid, side: 'out', mode: 'tcc', account, amount, state: 'tried' });
  },
  /** Debit confirm: the frozen amount leaves the bank. */
  outConfirm: (db, { gid }) => {
    const row = advanceLedger(db, gid, 'out', 'tried', 'confirmed');
    adjust(db, row.account, 0, -row.amount);
  },
  /** Debit cancel: the frozen amount is spendable again. */
  outCancel: (db, { gid }) => {
    const row = advanceLedger(db, gid, 'out', 'tried', 'cancelled');
    adjust(db, row.account, row.amount, -row.amount);
  },
  /** Credit try: the incoming amount is recorded as pending in trading_balance (not spendable yet). */
  inTry: (db, { gid, account, amount }) => {
    requireAccount(db, account);
    adjust(db, account, 0, amount);
    insertLedger(db, { gid, side: 'in', mode: 'tcc', account, amount, state: 'tried' });
  },
  /** Credit confirm: the pending amount becomes spendable. */
  inConfirm: (db, { gid }) => {
    const row = advanceLedger(db, gid, 'in', 'tried', 'confirmed');
    adjust(db, row.account, row.amount, -row.amount);
  },
  /** Credit cancel: the pending amount is dropped. */
  inCancel: (db, { gid }) => {
    const row = advanceLedger(db, gid, 'in', 'tried', 'cancelled');
    adjust(db, row.account, 0, -row.amount);
  },
};

/**
 * Saga: the forward actions change `balance` at once, the compensations change it back. Between the
 * two, everybody sees (and can spend) money whose transfer may still be undone.
 */
export const sagaOperations: Readonly<Record<SagaOperationName, BankOperation>> = {
  /** Debit: requires `balance >= amount`, takes the amount at once. */
  outAction: (db, { gid, account, amount }) => {
    requireAccount(db, account);
    const taken = db
      .prepare<[number, string, number]>('UPDATE accounts SET balance = balance - ? WHERE id = ? AND balance >= ?')
      .run(amount, account, amount).changes;
    if (taken !== 1) throw new BankRefusal(`insufficient funds in ${account} for ${amount}`);
    insertLedger(db, { gid, side: 'out', mode: 'saga', account, amount, state: 'done' });
  },
  /** Refund of the debit. */
  outCompensate: (db, { gid }) => {
    const row = advanceLedger(db, gid, 'out', 'done', 'compensated');
    adjust(db, row.account, row.amount, 0);
  },
  /** Credit: the amount is spendable at once. */
  inAction: (db, { gid, account, amount }) => {
    requireAccount(db, account);
    adjust(db, account, amount, 0);
    insertLedger(db, { gid, side: 'in', mode: 'saga', account, amount, state: 'done' });
  },
  /**
   * Takes the credit back. A compensation must not fail for business reasons (it is retried until it
   * succeeds), so it takes the amount even when the holder spent it meanwhile: the account is overdrawn.
   */
  inCompensate: (db, { gid }) => {
    const row = advanceLedger(db, gid, 'in', 'done', 'compensated');
    adjust(db, row.account, -row.amount, 0);
  },
};

/** The service's routes: `POST /api/<route>?gid=&trans_type=&branch_id=&op=` with `{ account, amount }`. */
export const BANK_ROUTES: Readonly<Record<string, { operation: BankOperation; forward: boolean }>> = {
  TransOutTry: { operation: tccOperations.outTry, forward: true },
  TransOutConfirm: { operation: tccOperations.outConfirm, forward: false },
  TransOutCancel: { operation: tccOperations.outCancel, forward: false },
  TransInTry: { operation: tccOperations.inTry, forward: true },
  TransInConfirm: { operation: tccOperations.inConfirm, forward: false },
  TransInCancel: { operation: tccOperations.inCancel, forward: false },
  SagaTransOut: { operation: sagaOperations.outAction, forward: true },
  SagaTransOutCompensate: { operation: sagaOperations.outCompensate, forward: false },
  SagaTransIn: { operation: sagaOperations.inAction, forward: true },
  SagaTransInCompensate: { operation: sagaOperations.inCompensate, forward: false },
};
