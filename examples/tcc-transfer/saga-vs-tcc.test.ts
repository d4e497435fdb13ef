import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine, openSqliteStore, type Store, type WorkflowResult } from '../../src/index.js';
import { openBankDb, readAccount, seedAccounts, type BankDb } from './bank-db.js';
import { BankService, type BankRequest } from './bank-service.js';
import { registerSagaTransfer, SAGA_TRANSFER } from './saga-transfer.js';
import type { TransferInput } from './transfer-types.js';
import { registerTccTransfer, TCC_TRANSFER } from './transfer-workflow.js';

/**
 * What TCC's frozen funds buy over a saga, shown deterministically: a bank request of one transfer is
 * held (a promise the test resolves) while the test reads the banks and runs other transfers, then
 * released. Same banks, same engine, same transfers; only the branch type differs.
 */

type Mode = 'saga' | 'tcc';

/** A request of one transfer that the bank holds until `release()`; `arrived` resolves when it comes. */
interface Gate {
  gid: string;
  route: string;
  arrived: Promise<void>;
  release: () => void;
}

function gate(gid: string, route: string): Gate & { open: (request: BankRequest) => Promise<void> | undefined } {
  let arrive!: () => void;
  let release!: () => void;
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  return {
    gid,
    route,
    arrived,
    release,
    open: (request) => {
      if (request.gid !== gid || request.route !== route) return undefined;
      arrive();
      return released;
    },
  };
}

class World {
  private readonly dir = mkdtempSync(join(tmpdir(), 'unwind-saga-vs-tcc-'));
  readonly dbs: Record<string, BankDb> = {};
  private readonly services: BankService[] = [];
  private store: Store | undefined;
  engine: Engine | undefined;
  /** Requests the banks have finished handling, as `<route> <gid> <answer>`. */
  readonly handled: string[] = [];
  private readonly handledWaiters = new Map<string, () => void>();

  constructor(readonly mode: Mode) {}

  async start(accounts: Record<string, { id: string; balance: number }[]>, hold: ReturnType<typeof gate>) {
    const origins: Record<string, string> = {};
    for (const [bank, list] of Object.entries(accounts)) {
      // The saga's compensation of a credit must succeed even when the money was spent: it overdraws.
      const db = openBankDb(join(this.dir, `bank-${bank}.db`), { allowOverdraft: this.mode === 'saga' });
      seedAccounts(db, list);
      this.dbs[bank] = db;
      const service = await BankService.start({
        name: bank,
        db,
        beforeHandling: hold.open,
        afterHandling: (request, answer) => {
          const entry = `${request.route} ${request.gid} ${answer}`;
          this.handled.push(entry);
          this.handledWaiters.get(entry)?.();
        },
      });
      this.services.push(service);
      origins[bank] = service.origin;
    }
    this.store = openSqliteStore({ file: join(this.dir, 'coordinator.db') });
    await this.store.migrate();
    this.engine = new Engine({ store: this.store });
    const options = { retry: { initialMs: 50, maxMs: 500 } };
    registerSagaTransfer(this.engine, origins, options);
    registerTccTransfer(this.engine, origins, options);
    await this.engine.start();
  }

  /** Resolves once a bank has handled `<route> <gid>` with `<answer>` (at once if it has). */
  whenHandled(entry: string): Promise<void> {
    if (this.handled.includes(entry)) return Promise.resolve();
    return new Promise((resolve) => this.handledWaiters.set(entry, resolve));
  }

  begin(gid: string, input: TransferInput): Promise<string> {
    return this.engine!.startWorkflow(this.mode === 'saga' ? SAGA_TRANSFER : TCC_TRANSFER, gid, input);
  }

  run(gid: string, input: TransferInput): Promise<WorkflowResult> {
    return this.engine!.executeWorkflow(this.mode === 'saga' ? SAGA_TRANSFER : TCC_TRANSFER, gid, input);
  }

  account(bank: string, id: string): { balance: number; trading: number } {
    const row = readAccount(this.dbs[bank]!, id)!;
    return { balance: row.balance, trading: row.trading_balance };
  }

  async close(): Promise<void> {
    await this.engine?.stop();
    await this.store?.close();
    for (const service of this.services) await service.close();
    for (const db of Object.values(this.dbs)) db.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/**
 * Seed 001's scenario: A pays 300 to an account of B that refuses it (closed). The credit is held
 * while a reader looks at A, and A tries to pay 800 elsewhere; then B refuses and the transfer rolls back.
 */
async function debitSideScenario(mode: Mode) {
  const hold = gate('t1', mode === 'saga' ? 'SagaTransIn' : 'TransInTry');
  world = new World(mode);
  await world.start(
    {
      A: [{ id: 'alice', balance: 1_000 }],
      B: [{ id: 'bob', balance: 0 }],
    },
    hold,
  );
  const seen = [world.account('A', 'alice')];
  await world.begin('t1', { from: { bank: 'A', account: 'alice' }, to: { bank: 'B', account: 'closed' }, amount: 300 });
  await hold.arrived;
  seen.push(world.account('A', 'alice'));
  const other = await world.run('t2', {
    from: { bank: 'A', account: 'alice' },
    to: { bank: 'B', account: 'bob' },
    amount: 800,
  });
  hold.release();
  const first = await world.engine!.waitForWorkflow('t1');
  seen.push(world.account('A', 'alice'));
  return { seen, first, other };
}

/**
 * Concurrent branches: A (who has only 100) pays 300 to B. The debit is held, so the credit lands
 * first; B then pays 300 on to A's second account; then A's debit is refused and the transfer rolls back.
 */
async function creditSideScenario(mode: Mode) {
  const hold = gate('t1', mode === 'saga' ? 'SagaTransOut' : 'TransOutTry');
  world = new World(mode);
  await world.start(
    {
      A: [
        { id: 'alice', balance: 100 },
        { id: 'carol', balance: 0 },
      ],
      B: [{ id: 'bob', balance: 0 }],
    },
    hold,
  );
  const input = { from: { bank: 'A', account: 'alice' }, to: { bank: 'B', account: 'bob' }, amount: 300 };
  await world.begin('t1', { ...input, concurrent: true });
  await hold.arrived;
  const creditRoute = mode === 'saga' ? 'SagaTransIn' : 'TransInTry';
  // The credit branch runs alongside the held debit.
  await world.whenHandled(`${creditRoute} t1 executed`);
  const bobBefore = world.account('B', 'bob');
  const spend = await world.run('t3', {
    from: { bank: 'B', account: 'bob' },
    to: { bank: 'A', account: 'carol' },
    amount: 300,
  });
  hold.release();
  const first = await world.engine!.waitForWorkflow('t1');
  return {
    first,
    spend,
    bobBefore,
    bob: world.account('B', 'bob'),
    alice: world.account('A', 'alice'),
    carol: world.account('A', 'carol'),
  };
}

describe('saga vs TCC: the dirty read on the debit side (seed 001)', () => {
  it('saga: A sees 300 gone, is refused a payment for lack of it, and then gets it back', async () => {
    const { seen, first, other } = await debitSideScenario('saga');
    expect(first).toMatchObject({ status: 'FAILED', error: 'Unwind.BusinessFailure' });
    expect(first.cause).toContain('no such account: closed');
    // The balance dips and comes back: the 700 A saw was never a state of any finished transfer.
    expect(seen).toEqual([
      { balance: 1_000, trading: 0 },
      { balance: 700, trading: 0 },
      { balance: 1_000, trading: 0 },
    ]);
    // ...and A's payment of 800 was refused on the strength of it, though A ends with 1,000.
    expect(other).toMatchObject({ status: 'FAILED' });
    expect(other.cause).toContain('insufficient funds in alice for 800');
  });

  it('TCC: the 300 is shown frozen, not gone, and A still cannot spend it twice', async () => {
    const { seen, first, other } = await debitSideScenario('tcc');
    expect(first).toMatchObject({ status: 'FAILED', error: 'Unwind.BusinessFailure' });
    // Balance + frozen stays 1,000 throughout: A can tell "pending" from "paid".
    expect(seen).toEqual([
      { balance: 1_000, trading: 0 },
      { balance: 700, trading: 300 },
      { balance: 1_000, trading: 0 },
    ]);
    expect(seen.map((account) => account.balance + account.trading)).toEqual([1_000, 1_000, 1_000]);
    // Frozen funds are not spendable: the available balance is what TCC promises.
    expect(other).toMatchObject({ status: 'FAILED' });
    expect(other.cause).toContain('insufficient funds in alice for 800');
  });
});

describe('saga vs TCC: money spent before the rollback (concurrent branches)', () => {
  it('saga: B spends a credit that is later taken back, and the refund leaves B overdrawn', async () => {
    const result = await creditSideScenario('saga');
    expect(result.first).toMatchObject({ status: 'FAILED' });
    expect(result.first.cause).toContain('insufficient funds in alice for 300');
    expect(result.bobBefore).toEqual({ balance: 300, trading: 0 });
    expect(result.spend).toMatchObject({ status: 'SUCCEEDED' });
    // Carol keeps 300 that nobody paid: bob's bank took the credit back from an emptied account.
    expect(result.carol).toEqual({ balance: 300, trading: 0 });
    expect(result.bob).toEqual({ balance: -300, trading: 0 });
    expect(result.alice).toEqual({ balance: 100, trading: 0 });
  });

  it('TCC: the pending credit cannot be spent, and the cancel leaves every account as it was', async () => {
    const result = await creditSideScenario('tcc');
    expect(result.first).toMatchObject({ status: 'FAILED' });
    expect(result.first.cause).toContain('insufficient funds in alice for 300');
    expect(result.bobBefore).toEqual({ balance: 0, trading: 300 });
    expect(result.spend).toMatchObject({ status: 'FAILED' });
    expect(result.spend.cause).toContain('insufficient funds in bob for 300');
    expect(result.carol).toEqual({ balance: 0, trading: 0 });
    expect(result.bob).toEqual({ balance: 0, trading: 0 });
    expect(result.alice).toEqual({ balance: 100, trading: 0 });
  });
});
