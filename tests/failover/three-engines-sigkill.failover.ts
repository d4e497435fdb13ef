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
  spread,
  waitUntilAllEnded,
} from './failover-checks.js';
import {
  dropSchema,
  engineIds,
  freshSchemaName,
  postgresUrl,
  requirePostgres,
  schemaUrl,
  workOwnedBy,
  type LeasedWork,
} from './failover-postgres.js';

/**
 * Three engine processes share one PostgreSQL schema and 1,000 sagas; one of them is SIGKILLed
 * mid-run. The victim registers under another host name, so the survivors cannot see that its
 * process is gone (as when it ran on another machine): they must wait for its leases to expire
 * (`leaseMs`), and only after 3 x `leaseMs` without a heartbeat do they remove its record.
 * Checks that every saga ends as its input dictates with a sound history, that the executions
 * the victim held were taken over within the lease time plus a margin, and that all three
 * processes did work. Replay a run with UNWIND_FAILOVER_SEED=<seed printed by the test>.
 */
const EXECUTIONS = 1_000;
const LEASE_MS = 2_000;
const POLL_MS = 250;
/** The engine heartbeats (and renews its leases) every leaseMs / 3. */
const HEARTBEAT_MS = Math.floor(LEASE_MS / 3);
/** Slack for a loaded 2-core machine: claiming, the handler, the commit, event-loop lag. */
const MARGIN_MS = 2_000;
/** Take-over bound: a lease renewed just before the kill runs LEASE_MS more; a survivor polls every POLL_MS. */
const TAKEOVER_BOUND_MS = LEASE_MS + POLL_MS + MARGIN_MS;
/** The victim's record goes once its heartbeat is 3 x LEASE_MS old, at a survivor's next heartbeat. */
const REAP_BOUND_MS = 3 * LEASE_MS + HEARTBEAT_MS + POLL_MS + MARGIN_MS;
const STARTUP_TIMEOUT_MS = 40_000;
/** Everything, the final checks included, must be over by then (the test's own limit is 120 s). */
const BUDGET_MS = 105_000;
const FAKE_HOST = 'failover-victim.invalid';

const reachable = await requirePostgres('fail-over tests (three engines, SIGKILL)');

describe.skipIf(!reachable)('fail-over between engine processes (PostgreSQL, SIGKILL)', () => {
  it('takes over the executions of a SIGKILLed engine within the lease time; every saga ends correctly', async () => {
    const began = Date.now();
    const deadline = began + BUDGET_MS;
    const seed = process.env['UNWIND_FAILOVER_SEED'] ? Number(process.env['UNWIND_FAILOVER_SEED']) : randomInt(2 ** 31);
    const random = seededRandom(seed);
    const context = `seed ${seed} (replay with UNWIND_FAILOVER_SEED=${seed})`;
    const schema = freshSchemaName();
    console.log(`[failover] ${context}, schema ${schema}`);

    const dir = mkdtempSync(join(tmpdir(), 'unwind-failover-'));
    const engines = ['a', 'b', 'c'].map((letter) => `engine-${letter}`);
    const journals = engines.map((id) => join(dir, `journal-${id}.ndjson`));
    const victimIndex = Math.floor(random() * engines.length);
    const victimId = engines[victimIndex]!;
    const workers: EngineProcess[] = [];
    let store: PostgresStore | undefined;

    try {
      // 1. Three processes, each starting a third of the sagas (they migrate the schema concurrently).
      const share = Math.ceil(EXECUTIONS / engines.length);
      engines.forEach((id, index) => {
        const from = index * share;
        const count = Math.max(0, Math.min(share, EXECUTIONS - from));
        const args = ['--db', schemaUrl(schema), '--journal', journals[index]!, '--engine-id', id];
        args.push('--lease-ms', String(LEASE_MS), '--poll-ms', String(POLL_MS));
        args.push('--start-from', String(from), '--start-count', String(count));
        if (index === victimIndex) args.push('--fake-host', FAKE_HOST);
        workers.push(new EngineProcess(id, args));
      });
      for (const worker of workers) {
        if (!(await worker.waitForLine('started', STARTUP_TIMEOUT_MS - (Date.now() - began)))) {
          throw new Error(
            `${worker.label} did not start its executions (${context}); stdout: ${worker.lines.join(' | ')}; stderr:\n${worker.stderr}`,
          );
        }
      }
      const startedAfter = Date.now() - began;
      store = await openPostgresStore({ connectionString: postgresUrl, schema, poolSize: 8 });
      await store.migrate();

      // 2. Mid-run, once the victim holds work: freeze it (no more heartbeats or commits), note what it
      //    held, then SIGKILL it. Its in-flight commit, if any, may still land: read its work once more.
      const victim = workers[victimIndex]!;
      const delay = 200 + Math.floor(random() * 800);
      await sleep(delay);
      let held: LeasedWork[] = [];
      for (const waitUntil = Date.now() + 5_000; Date.now() < waitUntil; await sleep(20)) {
        held = await workOwnedBy(schema, victimId);
        if (held.length > 0) break;
      }
      expect(held.length, `the victim never held any work (${context})`).toBeGreaterThan(0);
      victim.freeze();
      const killedAt = Date.now();
      const heldAtFreeze = await workOwnedBy(schema, victimId);
      const exit = await victim.kill();
      const heldAfterKill = await workOwnedBy(schema, victimId);
      expect(exit.signal, `the victim exited by itself before the kill (${context})`).toBe('SIGKILL');
      const victimWork = new Map([...heldAtFreeze, ...heldAfterKill].map((item) => [item.id, item]));
      const victimExecutions = new Set([...victimWork.values()].map((item) => item.executionArn));
      const unfinishedAtKill = (await store.listUnfinishedExecutions()).length;

      // 3. The survivors remove the victim's record once its heartbeat is stale (not earlier: other host).
      let reapedAt: number | undefined;
      const watchReap = (async () => {
        while (reapedAt === undefined && Date.now() < killedAt + REAP_BOUND_MS + 5_000) {
          if (!(await engineIds(schema)).includes(victimId)) reapedAt = Date.now();
          else await sleep(100);
        }
      })();

      // 4. Everything ends.
      const { stuck, timeline } = await waitUntilAllEnded(store, deadline - 15_000);
      await watchReap;
      if (stuck.length > 0) {
        throw new Error(
          `${stuck.length} executions still RUNNING ${Math.round((Date.now() - killedAt) / 1000)} s after the kill ` +
            `(${context}); ${timeline}\n${await describeStuck(store, stuck)}\n` +
            workers.map((worker) => `stderr of ${worker.label}:\n${worker.stderr}`).join('\n'),
        );
      }
      const endedAt = Date.now();
      const survivors = workers.filter((worker) => worker !== victim);
      const stops = await Promise.all(survivors.map((worker) => worker.stop(10_000)));

      // 5. Outcomes and histories.
      const state = await readFinalState(store);
      const journal = readJournals(journals);
      const problems = checkAllExecutions(state, EXECUTIONS, journal);
      expect(problems.slice(0, 30), `${problems.length} problems (${context})`).toEqual([]);

      // 6. Take-over: the first event after the kill of each execution the victim held work of.
      const takeovers: number[] = [];
      let finishedByVictim = 0;
      const late: string[] = [];
      for (const arn of victimExecutions) {
        const events = state.histories.get(arn) ?? [];
        const first = events.find((event) => event.timestamp > killedAt);
        if (!first) {
          finishedByVictim += 1; // its last commit, sent before the freeze, ended it
          continue;
        }
        const after = first.timestamp - killedAt;
        takeovers.push(after);
        if (after > TAKEOVER_BOUND_MS) late.push(`${arn.split(':').at(-1)}: ${first.type} ${after} ms after the kill`);
      }
      const reapDelay = reapedAt === undefined ? undefined : reapedAt - killedAt;
      const pids = workers.map((worker) => worker.pid);
      const invocationsByPid = pids.map((pid) => journal.filter((entry) => entry.pid === pid).length);
      const counts = new Map<string, number>();
      for (const entry of journal) counts.set(entry.idempotencyKey, (counts.get(entry.idempotencyKey) ?? 0) + 1);
      const reinvoked = [...counts.values()].filter((count) => count > 1).length;
      const stats = {
        seconds: (Date.now() - began) / 1000,
        startedAfterMs: startedAfter,
        victim: victimId,
        killDelayMs: delay,
        unfinishedAtKill,
        victimWorkItems: victimWork.size,
        victimExecutions: victimExecutions.size,
        finishedByVictim,
        takeoverMs: spread(takeovers),
        reapMs: reapDelay,
        allEndedAfterKillMs: endedAt - killedAt,
        invocationsByProcess: Object.fromEntries(engines.map((id, index) => [id, invocationsByPid[index]])),
        reinvokedKeys: reinvoked,
      };
      console.log(`[failover] ${JSON.stringify(stats)}\n[failover] ${timeline}`);

      expect(late, `executions taken over later than ${TAKEOVER_BOUND_MS} ms (${context})`).toEqual([]);
      expect(takeovers.length, `no execution of the victim was taken over (${context})`).toBeGreaterThan(0);
      expect(reapDelay, `the victim's engine record was never removed (${context})`).toBeDefined();
      // Not the same-host pid check (that would be within a heartbeat period): the stale-heartbeat path.
      expect(reapDelay!, `the victim's record was removed too early (${context})`).toBeGreaterThanOrEqual(2 * LEASE_MS);
      expect(reapDelay!, `the victim's record was removed too late (${context})`).toBeLessThanOrEqual(REAP_BOUND_MS);
      expect(await engineIds(schema), `engines left registered (${context})`).toEqual([]);
      invocationsByPid.forEach((count, index) => {
        expect(count, `${engines[index]} (pid ${pids[index]}) invoked no handler (${context})`).toBeGreaterThan(0);
      });
      stops.forEach((stop, index) => {
        expect(stop, `${survivors[index]!.label} did not stop cleanly (${context})`).toMatchObject({
          code: 0,
          forced: false,
        });
        expect(survivors[index]!.unexpectedStderr(), `stderr of ${survivors[index]!.label} (${context})`).toEqual([]);
      });
    } finally {
      await Promise.all(workers.map((worker) => worker.kill()));
      await store?.close().catch(() => undefined);
      await dropSchema(schema).catch((error: unknown) =>
        console.warn(`[failover] could not drop ${schema}: ${String(error)}`),
      );
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
