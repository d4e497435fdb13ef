/**
 * A small run of the TCC transfer in one process, with everything real: two bank services on loopback
 * (each with its own SQLite file in a temp directory), the engine on a SQLite file, HTTP in between.
 *
 *   npx tsx examples/tcc-transfer/demo.ts
 *
 * Prints each transfer's outcome and both banks' accounts before and after.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine, openSqliteStore } from '../../src/index.js';
import { openBankDb, readAccounts, seedAccounts, type BankDb } from './bank-db.js';
import { BankService } from './bank-service.js';
import type { TransferInput } from './transfer-types.js';
import { registerTccTransfer, TCC_TRANSFER } from './transfer-workflow.js';

const dir = mkdtempSync(join(tmpdir(), 'unwind-tcc-demo-'));
const dbs: Record<string, BankDb> = {
  A: openBankDb(join(dir, 'bank-A.db')),
  B: openBankDb(join(dir, 'bank-B.db')),
};
seedAccounts(dbs.A!, [{ id: 'alice', balance: 10_000 }]);
seedAccounts(dbs.B!, [{ id: 'bob', balance: 2_000 }]);
const services = [
  await BankService.start({ name: 'A', db: dbs.A! }),
  await BankService.start({ name: 'B', db: dbs.B! }),
];
const banks = Object.fromEntries(services.map((service) => [service.name, service.origin]));

const store = openSqliteStore({ file: join(dir, 'coordinator.db') });
await store.migrate();
const engine = new Engine({ store });
registerTccTransfer(engine, banks);
await engine.start();

const show = (label: string): void => {
  const rows = Object.entries(dbs).flatMap(([bank, db]) =>
    readAccounts(db).map((row) => `${bank}/${row.id} ${row.balance} (frozen ${row.trading_balance})`),
  );
  console.log(`${label}: ${rows.join(', ')}`);
};

const transfers: [string, TransferInput][] = [
  ['pay-1', { from: { bank: 'A', account: 'alice' }, to: { bank: 'B', account: 'bob' }, amount: 3_000 }],
  ['pay-2', { from: { bank: 'B', account: 'bob' }, to: { bank: 'A', account: 'alice' }, amount: 9_000 }],
  ['pay-3', { from: { bank: 'A', account: 'alice' }, to: { bank: 'B', account: 'nobody' }, amount: 500 }],
];
show('before');
for (const [gid, input] of transfers) {
  const result = await engine.executeWorkflow(TCC_TRANSFER, gid, input);
  const { from, to, amount } = input;
  const what = `${gid}: ${from.bank}/${from.account} -> ${to.bank}/${to.account} ${amount}`;
  console.log(`${what}: ${result.status}${result.status === 'FAILED' ? ` (${result.cause})` : ''}`);
}
show('after');

await engine.stop();
await store.close();
for (const service of services) await service.close();
for (const db of Object.values(dbs)) db.close();
rmSync(dir, { recursive: true, force: true });
