import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { openPostgresStore, type PostgresStore } from '../../src/postgres/postgres-store.js';
import { seededRandom } from '../crash/worker-process.js';
import { EngineProcess } from './engine-process.js';
import {
  checkAllExecutions,
  describeStuck,
  readFinalState,
  readJournals,
  waitUntilAllEnded,
} from './failover-checks.js';
import {
  checkpoint,
  dropSchema,
  engineIds,
  ensureClusterRunning,
  freshSchemaName,
  localCluster,
  postgresUrl,
  postmasterStartTime,
  requirePostgres,
  restartCluster,
  schemaUrl,
  stopClusterFor,
  type LocalCluster,
} from './failover-postgres.js';

/**
 * Two engine processes run 300 sagas on one PostgreSQL schema; mid-run the PostgreSQL server
 * itself goes away (a fast shutdown cuts every connection) and comes back. The store retries what
 * failed, the LISTEN connections come back, the engines trust nothing they had in memory: every
 * saga still ends as its input dictates, with a sound history, and both engines stay registered.
 *
 * 1. A plain restart (`pg_ctlcluster restart`, about 1-3 s): shorter than the 3 x leaseMs after
 *    which engines count each other dead.
 * 2. An outage longer than that: when the server is back, each engine finds the other's heartbeat
 *    stale, takes its leases and re-runs its tasks; duplicates must be harmless.
 *
 * Stopping the server breaks whatever else uses it: this file runs only under
 * `tests/failover/vitest.failover.config.ts` (one file at a time, after the main suite).
 * Replay a run with UNWIND_FAILOVER_SEED=<seed printed by the test>.
 */
const EXECUTIONS = 300;
const LEASE_MS = 2_000;
const POLL_MS = 250;
const STARTUP_TIMEOUT_MS = 40_000;
/** The long outage: engines count each other dead after 3 x LEASE_MS without a heartbeat. */
const LONG_OUTAGE_MS = 3 * LEASE_MS + 2_000;
/** Everything must have ended by then after the server is back (about 5 s when all is well). */
const SETTLE_MS = 45_000;
/** Everything, the final checks included, must be over by then (the test's own limit is 120 s). */
const BUDGET_MS = 105_000;

const reachable = await requirePostgres('fail-over tests (PostgreSQL restart)');

function restartableCluster(): LocalCluster | undefined {
  if (!reachable) return undefined;
  const cluster = localCluster();
  if (typeof cluster !== 'string') return cluster;
  if (process.env['CI'] === 'true') {
    throw new Error(`PostgreSQL restart test: CI must be able to restart the test server, but ${cluster}`);
  }
  console.warn(`\n⚠ PostgreSQL restart tests SKIPPED: ${cluster}.\n`);
  return undefined;
}

const cluster = restartableCluster();

interface Scenario {
  label: string;
  /** Takes the server away and brings it back; resolves once it has been started again. */
  interrupt: (cluster: LocalCluster) => Promise<void>;
}

async function runScenario({ label, interrupt }: Scenario): Promise<void> {
  const began = Date.now();
  const seed = process.env['UNWIND_FAILOVER_SEED'] ? Number(process.env['UNWIND_FAILOVER_SEED']) : randomInt(2 ** 31);
  const random = seededRandom(seed);
  const context = `${label}, seed ${seed} (replay with UNWIND_FAILOVER_SEED=${seed})`;
  const schema = freshSchemaName();
  console.log(`[restart] ${context}, schema ${schema}, cluster ${cluster!.version}/${cluster!.name}`);

  const dir = mkdtempSync(join(tmpdir(), 'unwind-restart-'));
  const engines = ['engine-a', 'engine-b'];
  const journals = engines.map((id) => join(dir, `journal-${id}.ndjson`));
  const workers: EngineProcess[] = [];
  let store: PostgresStore | undefined;

  try {
    // 1. Two processes, each starting half of the sagas (after a checkpoint: see `checkpoint`).
    await checkpoint();
    const share = Math.ceil(EXECUTIONS / engines.length);
    engines.forEach((id, index) => {
      const args = ['--db', schemaUrl(schema), '--journal', journals[index]!, '--engine-id', id];
      args.push('--lease-ms', String(LEASE_MS), '--poll-ms', String(POLL_MS));
      args.push('--start-from', String(index * share), '--start-count', String(share));
      workers.push(new EngineProcess(id, args));
    });
    for (const worker of workers) {
      if (!(await worker.waitForLine('started', STARTUP_TIMEOUT_MS - (Date.now() - began)))) {
        throw new Error(`${worker.label} did not start its executions (${context}); stderr:\n${worker.stderr}`);
      }
    }
    store = await openPostgresStore({ connectionString: postgresUrl, schema, poolSize: 4 });
    await store.migrate();

    // 2. Mid-run, the server goes away and comes back.
    const delay = 100 + Math.floor(random() * 400);
    await sleep(delay);
    const unfinishedAtInterrupt = (await store.listUnfinishedExecutions()).length;
    const startedBefore = await postmasterStartTime();
    const interruptBegan = Date.now();
    await interrupt(cluster!);
    const outageMs = Date.now() - interruptBegan;
    expect(await postmasterStartTime(), `the server did not restart (${context})`).not.toBe(startedBefore);
    expect(unfinishedAtInterrupt, `nothing was running when the server went away (${context})`).toBeGreaterThan(0);

    // 3. Everything ends. Both engines are alive: within a few heartbeats, both are registered.
    const registeredBy = Date.now() + 3 * LEASE_MS;
    let registeredAfterOutage = await engineIds(schema);
    while (registeredAfterOutage.length < engines.length && Date.now() < registeredBy) {
      await sleep(100);
      registeredAfterOutage = await engineIds(schema);
    }
    const deadline = Math.min(Date.now() + SETTLE_MS, began + BUDGET_MS - 15_000);
    const { stuck, timeline } = await waitUntilAllEnded(store, deadline);
    if (stuck.length > 0) {
      throw new Error(
        `${stuck.length} executions still RUNNING ${Math.round((Date.now() - interruptBegan) / 1000)} s after ` +
          `the server went away (${context}); engines registered after the outage: ` +
          `${JSON.stringify(registeredAfterOutage)}; ${timeline}\n${await describeStuck(store, stuck)}\n` +
          workers.map((worker) => `stderr of ${worker.label}:\n${worker.stderr}`).join('\n'),
      );
    }
    const allEndedAfterOutageMs = Date.now() - interruptBegan - outageMs;
    const stops = await Promise.all(workers.map((worker) => worker.stop(10_000)));

    // 4. Outcomes and histories.
    const state = await readFinalState(store);
    const journal = readJournals(journals);
    const problems = checkAllExecutions(state, EXECUTIONS, journal);
    expect(problems.slice(0, 30), `${problems.length} problems (${context})`).toEqual([]);

    const pids = workers.map((worker) => worker.pid);
    const invocationsByPid = pids.map((pid) => journal.filter((entry) => entry.pid === pid).length);
    const counts = new Map<string, number>();
    for (const entry of journal) counts.set(entry.idempotencyKey, (counts.get(entry.idempotencyKey) ?? 0) + 1);
    const stats = {
      scenario: label,
      seconds: (Date.now() - began) / 1000,
      delayMs: delay,
      unfinishedAtInterrupt,
      outageMs,
      allEndedAfterOutageMs,
      registeredAfterOutage,
      invocationsByProcess: Object.fromEntries(engines.map((id, index) => [id, invocationsByPid[index]])),
      reinvokedKeys: [...counts.values()].filter((count) => count > 1).length,
    };
    console.log(`[restart] ${JSON.stringify(stats)}\n[restart] ${timeline}`);

    invocationsByPid.forEach((count, index) => {
      expect(count, `${engines[index]} (pid ${pids[index]}) invoked no handler (${context})`).toBeGreaterThan(0);
    });
    stops.forEach((stop, index) => {
      expect(stop, `${workers[index]!.label} did not stop cleanly (${context})`).toMatchObject({
        code: 0,
        forced: false,
      });
      expect(workers[index]!.unexpectedStderr(), `stderr of ${workers[index]!.label} (${context})`).toEqual([]);
    });
    expect(registeredAfterOutage, `live engines missing from the engines table after the outage (${context})`).toEqual(
      engines,
    );
    expect(await engineIds(schema), `engines left registered after they stopped (${context})`).toEqual([]);
  } finally {
    // Whatever happened, leave a running server behind (other tests and developers need it).
    let notRestored: Error | undefined;
    await ensureClusterRunning(cluster!).catch(
      (error: unknown) => (notRestored = error instanceof Error ? error : new Error(String(error))),
    );
    await Promise.all(workers.map((worker) => worker.kill()));
    await store?.close().catch(() => undefined);
    await dropSchema(schema).catch((error: unknown) =>
      console.warn(`[restart] could not drop ${schema}: ${String(error)}`),
    );
    rmSync(dir, { recursive: true, force: true });
    // eslint-disable-next-line no-unsafe-finally
    if (notRestored !== undefined) throw notRestored;
  }
}

describe.skipIf(cluster === undefined)('fail-over across a PostgreSQL restart', () => {
  it('completes every saga with a sound history when the server restarts mid-run', async () => {
    await runScenario({ label: 'restart', interrupt: restartCluster });
  }, 120_000);

  it('completes every saga when the server is down longer than 3 x leaseMs (engines reap each other)', async () => {
    await runScenario({
      label: `down ${LONG_OUTAGE_MS} ms`,
      interrupt: (target) => stopClusterFor(target, LONG_OUTAGE_MS),
    });
  }, 120_000);
});
