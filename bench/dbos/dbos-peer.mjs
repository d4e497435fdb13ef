/**
 * The DBOS Transact peer of the Unwind PostgreSQL benchmark, run in its own process by
 * `bench/pg-bench.ts`. The workflow is the Unwind bench saga: 5 no-op steps, each a
 * `DBOS.runStep` (one durable checkpoint per step), whose results are stored under the step's name.
 *
 * Usage: node bench/dbos/dbos-peer.mjs '<json request>'
 *   request: { systemDatabaseUrl, schema, runs: [{ concurrency, executions, warmup }] }
 * Prints one JSON line on stdout: { runs: [...], dbos_version, pg_version, launchMs }.
 *
 * Statements are counted on the client: every `query()` that DBOS's own `pg` sends (the same
 * module instance DBOS requires), as the Unwind store's `statementCount` does; `COMMIT`s among them
 * count its database transactions.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const pg = require('pg');
const { DBOS } = require('@dbos-inc/dbos-sdk');

const STEPS = ['ReserveFlight', 'ReserveHotel', 'ReserveCar', 'ChargeCard', 'ConfirmTrip'];
const INPUT = { tripId: 'T-1000', traveller: 'ada', amount: 420 };

let statements = 0;
let commits = 0;
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function countedQuery(...args) {
  statements += 1;
  const text = typeof args[0] === 'string' ? args[0] : args[0]?.text;
  if (typeof text === 'string' && /^\s*commit\b/i.test(text)) commits += 1;
  return query.apply(this, args);
};

const noop = () => Promise.resolve({ ok: true });

async function saga(input) {
  let state = { ...input };
  for (const name of STEPS) state = { ...state, [name]: await DBOS.runStep(noop, { name }) };
  return state;
}

const sagaWorkflow = DBOS.registerWorkflow(saga, { name: 'benchSaga' });

function percentile(samples, p) {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

async function runOne(latencies) {
  const t0 = performance.now();
  const handle = await DBOS.startWorkflow(sagaWorkflow)(INPUT);
  const result = await handle.getResult();
  latencies.push(performance.now() - t0);
  if (result?.ConfirmTrip?.ok !== true) throw new Error(`DBOS workflow returned ${JSON.stringify(result)}`);
}

async function closedLoop(count, concurrency, latencies) {
  let started = 0;
  const worker = async () => {
    while (started < count) {
      started += 1;
      await runOne(latencies);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/** This process's CPU time so far (user + system, ms). */
function processCpuMs() {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/**
 * CPU time (ms) of the PostgreSQL backends serving DBOS's connections (their application_name is
 * set in the URL), from /proc/<pid>/stat in clock ticks of 1/100 s; undefined when the server is not
 * on this machine.
 */
async function backendCpuMs(url, applicationName) {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  let pids;
  try {
    const result = await client.query('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [
      applicationName,
    ]);
    pids = result.rows.map((row) => Number(row.pid));
  } finally {
    await client.end();
  }
  let ticks = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      return undefined;
    }
  }
  return pids.length === 0 ? undefined : ticks * 10;
}

async function measure({ concurrency, executions, warmup }, url, applicationName) {
  await closedLoop(warmup, concurrency, []);
  const serverCpuBefore = await backendCpuMs(url, applicationName);
  const statementsBefore = statements;
  const commitsBefore = commits;
  const clientCpuBefore = processCpuMs();
  const latencies = [];
  const t0 = performance.now();
  await closedLoop(executions, concurrency, latencies);
  const elapsedS = (performance.now() - t0) / 1000;
  const clientCpuMs = processCpuMs() - clientCpuBefore;
  const sent = statements - statementsBefore;
  const commitsSent = commits - commitsBefore;
  const serverCpuAfter = await backendCpuMs(url, applicationName);
  return {
    executions,
    concurrency,
    elapsedS,
    executionsPerS: executions / elapsedS,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: percentile(latencies, 100),
    statements: sent,
    statementsPerExecution: sent / executions,
    commitsPerExecution: commitsSent / executions,
    clientCpuMsPerExecution: clientCpuMs / executions,
    ...(serverCpuBefore === undefined || serverCpuAfter === undefined
      ? {}
      : { serverCpuMsPerExecution: (serverCpuAfter - serverCpuBefore) / executions }),
  };
}

/** Drops the schema DBOS created for this run (its tables, functions and triggers). */
async function dropSchema(url, schema) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

const request = JSON.parse(process.argv[2] ?? '{}');
const { systemDatabaseUrl, schema, runs } = request;
if (!systemDatabaseUrl || !/^[a-z_][a-z0-9_]*$/.test(schema ?? '') || !Array.isArray(runs)) {
  process.stderr.write(
    'usage: node dbos-peer.mjs \'{"systemDatabaseUrl":"postgres://...","schema":"s","runs":[...]}\'\n',
  );
  process.exit(2);
}

const versionOf = (name) =>
  JSON.parse(readFileSync(new URL(`./node_modules/${name}/package.json`, import.meta.url), 'utf8')).version;
// The application_name marks DBOS's connections, to find the CPU time of the backends serving them.
const applicationName = `dbos-bench-peer-${process.pid}`;
const peerUrl = new URL(systemDatabaseUrl);
peerUrl.searchParams.set('application_name', applicationName);
DBOS.setConfig({
  name: 'unwind-bench-peer',
  systemDatabaseUrl: peerUrl.toString(),
  systemDatabaseSchemaName: schema,
  logLevel: 'error',
});
const launchStart = performance.now();
await DBOS.launch();
const launchMs = performance.now() - launchStart;
const results = [];
try {
  for (const run of runs) {
    results.push(await measure(run, systemDatabaseUrl, applicationName));
  }
} finally {
  await DBOS.shutdown();
  await dropSchema(systemDatabaseUrl, schema);
}
process.stdout.write(
  `${JSON.stringify({ dbos_version: versionOf('@dbos-inc/dbos-sdk'), pg_version: versionOf('pg'), launchMs, runs: results })}\n`,
);
