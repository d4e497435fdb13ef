import { randomInt } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { HistoryEvent } from '../../src/core/interpreter/history-event.js';
import { openStore } from '../../src/open-store.js';
import type { ExecutionRecord } from '../../src/store/store-port.js';
import { expectedOutcome, sagaInput, sagaName, type JournalEntry } from './crash-saga.js';
import type { StoreKind } from '../helpers/engine-fixture.js';
import { dropSchema, freshSchemaName, postgresReachable, postgresUrl } from '../postgres/postgres-test-database.js';
import { checkExecution } from './history-checks.js';
import { seededRandom, WorkerProcess } from './worker-process.js';

/**
 * SIGKILLs a real engine process again and again on one SQLite database, then lets a last one
 * finish, and checks that every execution ended as its input dictates, with a history in which
 * nothing is missing or doubled, and that tasks in flight at a kill were re-invoked with their
 * idempotency key. Replay a run with UNWIND_CRASH_SEED=<seed printed by the test>.
 */
const EXECUTIONS = 60;
/** Kills of restarted workers, each at a random instant after the engine reported `ready`. */
const RANDOM_KILLS = 4;
const KILL_WINDOW_MS = 300;
/** The first kill is deterministic: while the last execution's first task is known to be in flight. */
const HOLD_EXECUTION = sagaName(EXECUTIONS - 1);
const HOLD_STATE = 'Reserve';
const HOLD_MS = 2_000;
const STARTUP_TIMEOUT_MS = 15_000;
/** The whole test, final run included, must be over by then (vitest's limit is 60 s). */
const BUDGET_MS = 55_000;

interface KillReport {
  label: string;
  /** The worker died of our SIGKILL (not: it had already finished by itself). */
  killed: boolean;
  unfinished: number;
  /** Every execution's history as committed at the kill. */
  histories: Map<string, HistoryEvent[]>;
}

interface DatabaseState {
  executions: ExecutionRecord[];
  unfinished: string[];
  histories: Map<string, HistoryEvent[]>;
}

/** A short-lived read of the database while no worker runs. */
async function readDatabase(db: string): Promise<DatabaseState> {
  const store = await openStore(db);
  try {
    const executions = await store.listExecutions({ limit: 10_000 });
    const unfinished = await store.listUnfinishedExecutions();
    const histories = new Map<string, HistoryEvent[]>();
    for (const execution of executions) {
      histories.set(execution.executionArn, await store.getHistory(execution.executionArn));
    }
    return { executions, unfinished, histories };
  } finally {
    await store.close();
  }
}

function readJournal(file: string): JournalEntry[] {
  const text = readFileSync(file, 'utf8');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line, index) => {
      try {
        return JSON.parse(line) as JournalEntry;
      } catch {
        throw new Error(`journal line ${index + 1} is not JSON: ${line}`);
      }
    });
}

/** The events of an execution's last line of history, to say where it is stuck. */
function tail(events: HistoryEvent[] | undefined): string {
  return (events ?? [])
    .slice(-3)
    .map((event) => `${event.id}:${event.type}`)
    .join(' ');
}

function unexpectedStderr(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .filter((line) => !/^\(node:\d+\) \[?\w*(Experimental|Deprecation)?Warning/.test(line))
    .filter((line) => !line.startsWith('(Use `node --trace-'));
}

const kinds: StoreKind[] = postgresReachable ? ['sqlite', 'postgres'] : ['sqlite'];

describe.each(kinds)('crash recovery (SIGKILL) on %s', (kind) => {
  it('resumes every execution from its last committed transition after repeated SIGKILLs', async () => {
    const began = Date.now();
    const seed = process.env.UNWIND_CRASH_SEED ? Number(process.env.UNWIND_CRASH_SEED) : randomInt(2 ** 31);
    const random = seededRandom(seed);
    const context = `seed ${seed} (replay with UNWIND_CRASH_SEED=${seed})`;
    console.log(`[crash] ${context}`);

    const dir = mkdtempSync(join(tmpdir(), 'unwind-crash-'));
    const schema = kind === 'postgres' ? freshSchemaName() : undefined;
    onTestFinished(async () => {
      if (schema) await dropSchema(schema);
    });
    const db = schema ? `${postgresUrl}?schema=${schema}` : join(dir, 'unwind.db');
    const journal = join(dir, 'journal.ndjson');
    const marker = join(dir, 'held-task.marker');
    const base = ['--db', db, '--journal', journal];
    const workers: WorkerProcess[] = [];
    const spawnWorker = (args: string[]): WorkerProcess => {
      const worker = new WorkerProcess([...base, ...args]);
      workers.push(worker);
      return worker;
    };
    const kills: KillReport[] = [];
    const recordKill = async (label: string, worker: WorkerProcess): Promise<void> => {
      const exit = await worker.kill();
      const state = await readDatabase(db);
      kills.push({
        label,
        killed: exit.signal === 'SIGKILL',
        unfinished: state.unfinished.length,
        histories: state.histories,
      });
    };

    try {
      // 1. Start the executions; kill while a known task invocation is in flight.
      const first = spawnWorker([
        '--start',
        String(EXECUTIONS),
        ...['--hold-marker', marker, '--hold-execution', HOLD_EXECUTION, '--hold-state', HOLD_STATE],
        ...['--hold-ms', String(HOLD_MS)],
      ]);
      if (!(await first.waitForFile(marker, STARTUP_TIMEOUT_MS))) {
        await first.kill();
        throw new Error(`the first worker never reached the held task (${context}); stderr:\n${first.stderr}`);
      }
      const heldDelay = Math.floor(random() * 200);
      await sleep(heldDelay);
      await recordKill(`held task + ${heldDelay} ms`, first);
      const heldKey = readFileSync(marker, 'utf8');

      // 2. Restart and kill at random instants.
      for (let round = 0; round < RANDOM_KILLS; round++) {
        const worker = spawnWorker([]);
        if (!(await worker.waitForLine('ready', STARTUP_TIMEOUT_MS))) {
          await worker.kill();
          throw new Error(`worker ${round + 2} never became ready (${context}); stderr:\n${worker.stderr}`);
        }
        const delay = Math.floor(random() * KILL_WINDOW_MS);
        await sleep(delay);
        await recordKill(`ready + ${delay} ms`, worker);
      }

      // 3. A last worker drives everything to the end.
      const final = spawnWorker([]);
      const finalExit = await final.waitForExit(Math.max(5_000, BUDGET_MS - (Date.now() - began)));
      if (!finalExit || finalExit.code !== 0) {
        const state = await readDatabase(db);
        const stuck = state.unfinished.map((arn) => `${arn.split(':').at(-1)} [${tail(state.histories.get(arn))}]`);
        const how = finalExit ? `exited with ${finalExit.code ?? finalExit.signal}` : 'did not finish in time';
        throw new Error(
          `the final worker ${how} (${context}); still RUNNING (${stuck.length}): ${stuck.join(', ')}\n` +
            `stderr:\n${final.stderr}`,
        );
      }
      expect(final.lines, context).toContain('done');

      // 4. Check the outcome.
      const state = await readDatabase(db);
      const entries = readJournal(journal);
      const stats = {
        seconds: (Date.now() - began) / 1000,
        kills: kills.map(
          (kill) => `${kill.label}: ${kill.killed ? 'killed' : 'had finished'}, ${kill.unfinished} unfinished`,
        ),
        invocations: entries.length,
        reinvokedKeys: 0,
      };

      expect(state.unfinished, context).toEqual([]);
      expect(state.executions.map((execution) => execution.name).sort(), context).toEqual(
        Array.from({ length: EXECUTIONS }, (_, index) => sagaName(index)).sort(),
      );
      const problems: string[] = [];
      for (let index = 0; index < EXECUTIONS; index++) {
        const record = state.executions.find((execution) => execution.name === sagaName(index))!;
        const events = state.histories.get(record.executionArn) ?? [];
        const input = sagaInput(index);
        problems.push(...checkExecution(record, events, input, expectedOutcome(input), entries));
        // Nothing committed before a kill was lost or rewritten: each history then is a prefix of the final one.
        for (const kill of kills) {
          const before = kill.histories.get(record.executionArn) ?? [];
          if (!isDeepStrictEqual(events.slice(0, before.length), before)) {
            problems.push(`${record.name}: history committed before kill '${kill.label}' was changed afterwards`);
          }
        }
      }
      const arns = new Set(state.executions.map((execution) => execution.executionArn));
      for (const entry of entries) {
        if (!arns.has(entry.executionArn)) problems.push(`journal line for an unknown execution ${entry.executionArn}`);
      }
      expect(problems, context).toEqual([]);

      // The run really crashed mid-flight, and in-flight tasks were re-invoked with their key.
      const counts = new Map<string, number>();
      for (const entry of entries) counts.set(entry.idempotencyKey, (counts.get(entry.idempotencyKey) ?? 0) + 1);
      const reinvoked = [...counts].filter(([, count]) => count > 1).map(([key]) => key);
      stats.reinvokedKeys = reinvoked.length;
      console.log(`[crash] ${JSON.stringify(stats)}`);
      expect(
        kills.some((kill) => kill.killed && kill.unfinished > 0),
        `no kill hit a running execution (${context})`,
      ).toBe(true);
      expect(reinvoked.length, `no task was re-invoked after a kill (${context})`).toBeGreaterThan(0);
      expect(reinvoked, `the task held in flight at the first kill was not re-invoked (${context})`).toContain(heldKey);

      // No worker reported an error (engine work-loop errors go to stderr); Node's own warnings are not ours.
      for (const [index, worker] of workers.entries()) {
        expect(unexpectedStderr(worker.stderr), `stderr of worker ${index + 1} (${context})`).toEqual([]);
      }
    } finally {
      await Promise.all(workers.map((worker) => worker.kill()));
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
