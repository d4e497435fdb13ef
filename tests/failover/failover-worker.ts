/**
 * One engine process of the fail-over tests:
 *
 *   node --import tsx tests/failover/failover-worker.ts --db postgres://...?schema=S --journal FILE
 *        --engine-id ID [--lease-ms MS] [--poll-ms MS] [--start-from I --start-count N] [--fake-host NAME]
 *
 * Opens the store as `unwind resume --db` does (`openStore`, which migrates: processes started at
 * once serialise on the migration lock), starts an Engine, starts executions `saga-I` ..
 * `saga-(I+N-1)` of the crash test's saga, and then works on whatever is due (its own executions
 * and the others') until SIGTERM, when it stops the engine, closes the store and exits 0.
 * Prints `ready` once the engine runs, `started` once its executions are committed, `stopped` last.
 *
 * `--fake-host` registers the engine under another host name, so that the other engines cannot
 * use the same-host process check on it and must wait for its leases to expire, as engines on
 * another machine would.
 */
import { parseArgs } from 'node:util';
import { Engine } from '../../src/engine/engine.js';
import { loadDefinition } from '../../src/engine/load-definition.js';
import { openStore } from '../../src/open-store.js';
import type { Store } from '../../src/store/store-port.js';
import { STATE_MACHINE_NAME, sagaDefinitionText, sagaHandlers, sagaInput, sagaName } from '../crash/crash-saga.js';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    journal: { type: 'string' },
    'engine-id': { type: 'string' },
    'lease-ms': { type: 'string', default: '2000' },
    'poll-ms': { type: 'string', default: '250' },
    'start-from': { type: 'string', default: '0' },
    'start-count': { type: 'string', default: '0' },
    'fake-host': { type: 'string' },
  },
  strict: true,
});

if (!values.db || !values.journal || !values['engine-id']) {
  process.stderr.write('usage: failover-worker.ts --db URL --journal FILE --engine-id ID [...]\n');
  process.exit(2);
}

/** The store, except that the engine's record names another host. */
function withHost(store: Store, host: string): Store {
  const wrapped = Object.create(store) as Store;
  wrapped.registerEngine = (record) => store.registerEngine({ ...record, host });
  return wrapped;
}

// The engine's timers are unref'd: keep the process up on purpose while executions wait on them.
const keepAlive = setInterval(() => undefined, 1_000);

const handlers = sagaHandlers(values.journal);
const { definition, text } = loadDefinition(sagaDefinitionText, handlers);
const opened = await openStore(values.db);
const fakeHost = values['fake-host'];
const store = fakeHost ? withHost(opened, fakeHost) : opened;
const engine = new Engine({
  store,
  handlers,
  engineId: values['engine-id'],
  leaseMs: Number(values['lease-ms']),
  pollIntervalMs: Number(values['poll-ms']),
});

let stopping: Promise<void> | undefined;
const stop = (): Promise<void> =>
  (stopping ??= (async () => {
    await engine.stop();
    await opened.close();
    clearInterval(keepAlive);
    process.stdout.write('stopped\n');
  })());
process.on('SIGTERM', () => {
  stop().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`failover-worker: stop failed: ${String(error)}\n`);
      process.exit(1);
    },
  );
});

await engine.start();
process.stdout.write('ready\n');

// Started a batch at a time, so that the group committer puts each batch in one transaction.
const from = Number(values['start-from']);
const count = Number(values['start-count']);
const BATCH = 20;
for (let batch = from; batch < from + count; batch += BATCH) {
  const indexes = Array.from({ length: Math.min(BATCH, from + count - batch) }, (_, offset) => batch + offset);
  await Promise.all(
    indexes.map((index) =>
      engine.startExecution({
        definition,
        definitionText: text,
        stateMachineName: STATE_MACHINE_NAME,
        name: sagaName(index),
        input: { ...sagaInput(index) },
      }),
    ),
  );
}
process.stdout.write('started\n');
