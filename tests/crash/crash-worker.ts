/**
 * A real engine process for the crash test:
 *
 *   node --import tsx tests/crash/crash-worker.ts --db FILE --journal FILE [--start N]
 *        [--hold-marker FILE --hold-execution NAME --hold-state NAME --hold-ms MS]
 *
 * Opens the SQLite store, starts an Engine (which takes over the work of dead processes),
 * optionally starts N executions of the crash saga, then drives every unfinished execution
 * to its end and exits 0. Prints `ready` once the engine runs and `started` once the N
 * executions are committed, one line each on stdout.
 */
import { parseArgs } from 'node:util';
import { Engine } from '../../src/engine/engine.js';
import { loadDefinition } from '../../src/engine/load-definition.js';
import { openStore } from '../../src/open-store.js';
import {
  STATE_MACHINE_NAME,
  sagaDefinitionText,
  sagaHandlers,
  sagaInput,
  sagaName,
  type HoldOptions,
} from './crash-saga.js';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    journal: { type: 'string' },
    start: { type: 'string' },
    'hold-marker': { type: 'string' },
    'hold-execution': { type: 'string' },
    'hold-state': { type: 'string', default: 'Reserve' },
    'hold-ms': { type: 'string', default: '2000' },
  },
  strict: true,
});

if (!values.db || !values.journal) {
  process.stderr.write('usage: crash-worker.ts --db FILE --journal FILE [--start N]\n');
  process.exit(2);
}

const hold: HoldOptions | undefined =
  values['hold-marker'] && values['hold-execution']
    ? {
        markerFile: values['hold-marker'],
        executionName: values['hold-execution'],
        stateName: values['hold-state'],
        holdMs: Number(values['hold-ms']),
      }
    : undefined;

// The engine's timers are unref'd: keep the process up on purpose while executions wait on them.
const keepAlive = setInterval(() => undefined, 1_000);

const handlers = sagaHandlers(values.journal, hold);
const { definition, text } = loadDefinition(sagaDefinitionText, handlers);
const store = await openStore(values.db);
const engine = new Engine({ store, handlers });
await engine.start();
process.stdout.write('ready\n');

const count = values.start === undefined ? 0 : Number(values.start);
for (let index = 0; index < count; index++) {
  await engine.startExecution({
    definition,
    definitionText: text,
    stateMachineName: STATE_MACHINE_NAME,
    name: sagaName(index),
    input: { ...sagaInput(index) },
  });
}
if (count > 0) process.stdout.write('started\n');

for (;;) {
  const unfinished = await store.listUnfinishedExecutions();
  if (unfinished.length === 0) break;
  await Promise.all(unfinished.map((arn) => engine.waitForExecution(arn)));
}

await engine.stop();
await store.close();
clearInterval(keepAlive);
process.stdout.write('done\n');
