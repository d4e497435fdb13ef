/**
 * The transfer coordinator as a process of its own (the crash test SIGKILLs it):
 *
 *   node --import tsx examples/tcc-transfer/coordinator-process.ts --db FILE --plan FILE \
 *        --bank A=http://127.0.0.1:PORT --bank B=http://127.0.0.1:PORT [--lease-ms MS]
 *
 * Opens the engine's SQLite store, registers the TCC transfer, starts the engine (which resumes the
 * unfinished transfers of a dead coordinator once their leases expire), starts every transfer of the
 * plan that does not exist yet, and exits 0 once no execution is unfinished. Prints `ready`, `started`
 * and `done` on stdout, one line each.
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { Engine, openStore } from '../../src/index.js';
import type { TransferPlan } from './transfer-plan.js';
import { registerTccTransfer, TCC_TRANSFER } from './transfer-workflow.js';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    plan: { type: 'string' },
    bank: { type: 'string', multiple: true },
    'lease-ms': { type: 'string', default: '1000' },
  },
  strict: true,
});
if (!values.db || !values.plan || !values.bank) {
  process.stderr.write('usage: coordinator-process.ts --db FILE --plan FILE --bank NAME=URL... [--lease-ms MS]\n');
  process.exit(2);
}
const banks = Object.fromEntries(values.bank.map((entry) => entry.split(/=(.*)/s, 2) as [string, string]));
const plan = JSON.parse(readFileSync(values.plan, 'utf8')) as TransferPlan;

// The engine's timers are unref'd: keep the process up on purpose while transfers wait on them.
const keepAlive = setInterval(() => undefined, 1_000);
const store = await openStore(values.db);
const engine = new Engine({ store, leaseMs: Number(values['lease-ms']), pollIntervalMs: 200 });
// Retry transient failures quickly: the injected failures are frequent and short-lived.
registerTccTransfer(engine, banks, { retry: { initialMs: 50, factor: 2, maxMs: 1_000 }, httpTimeoutMs: 10_000 });
await engine.start();
process.stdout.write('ready\n');

// Start in chunks: concurrent starts share group commits; a known gid is left as it is.
const CHUNK = 50;
for (let index = 0; index < plan.transfers.length; index += CHUNK) {
  const chunk = plan.transfers.slice(index, index + CHUNK);
  await Promise.all(chunk.map((transfer) => engine.startWorkflow(TCC_TRANSFER, transfer.gid, transfer.input)));
}
process.stdout.write('started\n');

while ((await store.listUnfinishedExecutions()).length > 0) await sleep(100);

await engine.stop();
await store.close();
clearInterval(keepAlive);
process.stdout.write('done\n');
