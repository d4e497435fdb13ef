import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BarrierFieldError } from '../../src/barrier/barrier-error.js';
import { createBranchBarrier } from '../../src/barrier/branch-barrier.js';
import { callSqliteBarrier } from '../../src/barrier/sqlite-barrier.js';
import { ensureSqliteBarrierTable } from '../../src/barrier/sqlite-barrier-table.js';
import { barrierContract, type BarrierHarness } from './barrier-contract.js';
import {
  addToSqliteBalance,
  createSqliteAccounts,
  openParticipantDatabase,
  sqliteBalance,
} from './sqlite-barrier-business.js';
import { SqliteBarrierWorkers } from './sqlite-barrier-workers.js';

class BusinessFailure extends Error {}

function openSqliteHarness(): BarrierHarness {
  const dir = mkdtempSync(join(tmpdir(), 'unwind-barrier-'));
  const file = join(dir, 'participant.db');
  const db = openParticipantDatabase(Database, file);
  ensureSqliteBarrierTable(db);
  createSqliteAccounts(db);
  const workers = new SqliteBarrierWorkers(file);
  return {
    failure: BusinessFailure,
    concurrency: 6,
    // A synchronous throw becomes a rejection, as the contract expects.
    deliver: (delivery, options = {}) =>
      new Promise((resolve) =>
        resolve(
          callSqliteBarrier(createBranchBarrier(delivery.identity), db, (tx) => {
            addToSqliteBalance(tx, delivery.account, delivery.amount);
            if (options.fail === true) throw new BusinessFailure('business failed on purpose');
          }).outcome,
        ),
      ),
    deliverConcurrently: (deliveries) => workers.deliverConcurrently(deliveries),
    balance: (account) => Promise.resolve(sqliteBalance(db, account)),
    barrierReason: (identity, op) => {
      const row = db
        .prepare<[string, string, string, string], { reason: string }>(
          `SELECT reason FROM barrier WHERE trans_type = ? AND gid = ? AND branch_id = ? AND op = ? AND barrier_id = '01'`,
        )
        .get(identity.transType, identity.gid, identity.branchId, op);
      return Promise.resolve(row?.reason);
    },
    close: async () => {
      await workers.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('barrier on SQLite', () => {
  barrierContract(() => Promise.resolve(openSqliteHarness()));
});

describe('barrier on SQLite: adapter specifics', () => {
  function participant(): { db: Database.Database; done: () => void } {
    const dir = mkdtempSync(join(tmpdir(), 'unwind-barrier-'));
    const db = openParticipantDatabase(Database, join(dir, 'participant.db'));
    createSqliteAccounts(db);
    return {
      db,
      done: () => {
        db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const action = { transType: 'saga', gid: 'g-1', branchId: '01', op: 'action' } as const;

  it('numbers the barrier calls of one request 01, 02, and a redelivery skips both', () => {
    const { db, done } = participant();
    try {
      ensureSqliteBarrierTable(db);
      const request = (): string[] => {
        const barrier = createBranchBarrier(action);
        return [1, 2].map((n) => {
          const result = callSqliteBarrier(barrier, db, (tx) => addToSqliteBalance(tx, `acct-${n}`, 5));
          return `${result.barrierId}:${result.outcome}`;
        });
      };
      expect(request()).toEqual(['01:executed', '02:executed']);
      expect(request()).toEqual(['01:duplicate', '02:duplicate']);
      expect([sqliteBalance(db, 'acct-1'), sqliteBalance(db, 'acct-2')]).toEqual([5, 5]);
    } finally {
      done();
    }
  });

  it('returns the business value when executed', () => {
    const { db, done } = participant();
    try {
      ensureSqliteBarrierTable(db);
      expect(callSqliteBarrier(createBranchBarrier(action), db, () => 42)).toEqual({
        outcome: 'executed',
        barrierId: '01',
        value: 42,
      });
    } finally {
      done();
    }
  });

  it('refuses an async business and rolls back', () => {
    const { db, done } = participant();
    try {
      ensureSqliteBarrierTable(db);
      expect(() =>
        callSqliteBarrier(createBranchBarrier(action), db, (tx) => {
          addToSqliteBalance(tx, 'acct', 5);
          return Promise.resolve();
        }),
      ).toThrow(/must be synchronous/);
      expect(sqliteBalance(db, 'acct')).toBe(0);
      expect(callSqliteBarrier(createBranchBarrier(action), db, () => 'ran').outcome).toBe('executed');
    } finally {
      done();
    }
  });

  it('uses a named table, and rolls back with an enclosing transaction', () => {
    const { db, done } = participant();
    try {
      ensureSqliteBarrierTable(db, { table: 'my_barrier' });
      const outer = db.transaction(() => {
        callSqliteBarrier(createBranchBarrier(action), db, (tx) => addToSqliteBalance(tx, 'acct', 5), {
          table: 'my_barrier',
        });
        throw new Error('outer transaction fails');
      });
      expect(() => outer()).toThrow('outer transaction fails');
      expect(db.prepare('SELECT count(*) AS n FROM my_barrier').get()).toEqual({ n: 0 });
      const again = callSqliteBarrier(createBranchBarrier(action), db, (tx) => addToSqliteBalance(tx, 'acct', 5), {
        table: 'my_barrier',
      });
      expect(again.outcome).toBe('executed');
      expect(sqliteBalance(db, 'acct')).toBe(5);
    } finally {
      done();
    }
  });

  it('refuses a table name that is not a plain identifier', () => {
    const { db, done } = participant();
    try {
      expect(() => ensureSqliteBarrierTable(db, { table: 'barrier; DROP TABLE account' })).toThrow(BarrierFieldError);
      expect(() => callSqliteBarrier(createBranchBarrier(action), db, () => 1, { table: 'a.b.c' })).toThrow(
        /barrier table:/,
      );
    } finally {
      done();
    }
  });
});
