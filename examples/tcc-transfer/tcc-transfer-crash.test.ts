import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/index.js';
import { openBankDb, readAccounts, readLedger, seedAccounts, type BankDb } from './bank-db.js';
import { BankService, type BankAnswer, type BankRequest } from './bank-service.js';
import { CoordinatorChild, unexpectedStderr } from './coordinator-child.js';
import { checkTransfers, type TransferRecord } from './transfer-invariants.js';
import { planTransfers, seededRandom } from './transfer-plan.js';

/**
 * The inter-bank transfer of seed 001 with TCC, under fire: 1,000 transfers between 20 accounts in each
 * of two banks (real HTTP services on loopback, each with its own SQLite file), with injected transient
 * failures (before and after the bank's local commit) and refusals; the coordinator runs in a child
 * process and is SIGKILLed mid-run, at a seeded request number, right after a bank committed a request
 * whose answer is then lost; a second coordinator resumes on the same database. At the end every
 * transfer is fully done or fully undone, checked against the banks' own ledgers and balances.
 * Replay a run with UNWIND_TRANSFER_SEED=<seed printed by the test>.
 */
const TRANSFERS = 1_000;
const BANKS = ['A', 'B'] as const;
/** Share of bank requests answered 503 before / 500 after the local transaction (half each). */
const TRANSIENT_RATE = 0.1;
/** Share of tries refused with 409 (forces a rollback in which the other branch is cancelled). */
const REFUSAL_RATE = 0.03;
/** The kill comes at a bank request numbered in this range (both banks counted; a run makes about 3,400 to 3,800). */
const KILL_AT = [300, 2_000] as const;
const LEASE_MS = 1_000;
const STARTUP_TIMEOUT_MS = 20_000;
/** The whole run must be over by then (vitest's limit for this test is 60 s). */
const BUDGET_MS = 55_000;

async function readCoordinator(db: string): Promise<{ records: Map<string, TransferRecord>; unfinished: number }> {
  const store = await openStore(db, true);
  try {
    const executions = await store.listExecutions({ limit: 10_000 });
    const records = new Map(executions.map((record) => [record.name, record]));
    return { records, unfinished: (await store.listUnfinishedExecutions()).length };
  } finally {
    await store.close();
  }
}

describe('TCC inter-bank transfer (seed 001) under failures and a coordinator SIGKILL', () => {
  it('ends every transfer fully done or fully undone, conserving money, with nothing left frozen', async () => {
    const began = Date.now();
    const seed = process.env.UNWIND_TRANSFER_SEED ? Number(process.env.UNWIND_TRANSFER_SEED) : randomInt(2 ** 31);
    const random = seededRandom(seed ^ 0x2545f491);
    const killAt = KILL_AT[0] + Math.floor(random() * (KILL_AT[1] - KILL_AT[0]));
    const context = `seed ${seed}, kill at bank request ${killAt} (replay with UNWIND_TRANSFER_SEED=${seed})`;
    console.log(`[tcc-transfer] ${context}`);

    const plan = planTransfers({ seed, count: TRANSFERS, banks: BANKS });
    const dir = mkdtempSync(join(tmpdir(), 'unwind-tcc-transfer-'));
    const coordinatorDb = join(dir, 'coordinator.db');
    const planFile = join(dir, 'plan.json');
    writeFileSync(planFile, JSON.stringify(plan));
    const dbs: Record<string, BankDb> = {};
    const services: BankService[] = [];
    const children: CoordinatorChild[] = [];
    let requests = 0;
    let killedAfter: (BankRequest & { bank: string; answer: BankAnswer }) | undefined;
    let first: CoordinatorChild | undefined;

    try {
      for (const bank of BANKS) {
        const db = openBankDb(join(dir, `bank-${bank}.db`));
        seedAccounts(db, plan.accounts[bank]!);
        dbs[bank] = db;
        const service = await BankService.start({
          name: bank,
          db,
          failures: { random, transientRate: TRANSIENT_RATE, refusalRate: REFUSAL_RATE },
          // The crash: right after a bank handled (and, for most requests, committed) request number
          // `killAt`, before its answer is written.
          afterHandling: (request, answer) => {
            if (++requests !== killAt || !first) return;
            killedAfter = { bank, answer, ...request };
            first.killNow();
          },
        });
        services.push(service);
      }
      const args = ['--db', coordinatorDb, '--plan', planFile, '--lease-ms', String(LEASE_MS)];
      for (const service of services) args.push('--bank', `${service.name}=${service.origin}`);

      // 1. The first coordinator starts the transfers and is killed mid-run.
      first = new CoordinatorChild(args);
      children.push(first);
      const firstExit = await first.waitForExit(BUDGET_MS / 2);
      expect(firstExit?.signal, `the first coordinator was not killed (${context}):\n${first.stderr}`).toBe('SIGKILL');
      const atKill = await readCoordinator(coordinatorDb);
      console.log(
        `[tcc-transfer] killed after ${JSON.stringify(killedAfter)} at ${Date.now() - began} ms, ` +
          `${atKill.records.size} transfers started, ${atKill.unfinished} unfinished`,
      );
      expect(atKill.unfinished, `the kill hit no running transfer (${context})`).toBeGreaterThan(0);

      // 2. A second coordinator on the same database resumes and finishes everything.
      const second = new CoordinatorChild(args);
      children.push(second);
      const remaining = Math.max(STARTUP_TIMEOUT_MS, BUDGET_MS - (Date.now() - began));
      const secondExit = await second.waitForExit(remaining);
      if (!secondExit || secondExit.code !== 0) {
        const state = await readCoordinator(coordinatorDb);
        const how = secondExit ? `exited with ${secondExit.code ?? secondExit.signal}` : 'did not finish in time';
        const stats = JSON.stringify(services.map((service) => service.stats));
        throw new Error(
          `the second coordinator ${how} (${context}), ${state.unfinished} unfinished; banks ${stats}:\n${second.stderr}`,
        );
      }
      expect(second.lines, context).toEqual(['ready', 'started', 'done']);
      for (const service of services) await service.close();

      // 3. The invariants, against the banks' own data.
      const { records, unfinished } = await readCoordinator(coordinatorDb);
      expect(unfinished, context).toBe(0);
      expect(records.size, context).toBe(TRANSFERS);
      const banks = Object.fromEntries(
        BANKS.map((bank) => [bank, { accounts: readAccounts(dbs[bank]!), ledger: readLedger(dbs[bank]!) }]),
      );
      const { problems, summary } = checkTransfers(plan, banks, records);
      const stats = Object.fromEntries(services.map((service) => [service.name, service.stats]));
      console.log(
        `[tcc-transfer] ${((Date.now() - began) / 1000).toFixed(1)} s, ${JSON.stringify(summary)}, ${JSON.stringify(stats)}`,
      );
      expect(problems.slice(0, 20), context).toEqual([]);

      // The run really exercised what it claims to: both outcomes, both kinds of rollback, the barrier.
      expect(summary.done, context).toBeGreaterThan(0);
      expect(summary.insufficientFunds, context).toBeGreaterThan(0);
      expect(summary.cancelledAfterTry, context).toBeGreaterThan(0);
      const total = (key: keyof BankService['stats']): number =>
        services.reduce((sum, service) => sum + service.stats[key], 0);
      expect(total('injected-before'), context).toBeGreaterThan(0);
      expect(total('injected-after'), context).toBeGreaterThan(0);
      expect(total('duplicate'), context).toBeGreaterThan(0);
      expect(total('null-compensation'), context).toBeGreaterThan(0);
      expect(total('error'), context).toBe(0);
      for (const [index, child] of children.entries()) {
        expect(unexpectedStderr(child.stderr), `stderr of coordinator ${index + 1} (${context})`).toEqual([]);
      }
    } finally {
      await Promise.all(children.map((child) => child.kill()));
      for (const service of services) await service.close().catch(() => undefined);
      for (const db of Object.values(dbs)) db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
