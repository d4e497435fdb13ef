import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { HistoryEvent } from '../../src/core/interpreter/history-event.js';
import type { PostgresStore } from '../../src/postgres/postgres-store.js';
import type { ExecutionRecord } from '../../src/store/store-port.js';
import { expectedOutcome, sagaInput, sagaName, type JournalEntry } from '../crash/crash-saga.js';
import { checkExecution } from '../crash/history-checks.js';

export interface FinalState {
  executions: ExecutionRecord[];
  histories: Map<string, HistoryEvent[]>;
}

/** Every execution with its history (read a few at a time, the store's pool is small). */
export async function readFinalState(store: PostgresStore): Promise<FinalState> {
  const executions = await store.listExecutions({ limit: 100_000 });
  const histories = new Map<string, HistoryEvent[]>();
  const queue = executions.map((execution) => execution.executionArn);
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let arn = queue.pop(); arn !== undefined; arn = queue.pop()) histories.set(arn, await store.getHistory(arn));
    }),
  );
  return { executions, histories };
}

/** The handler invocations the workers journaled (one file per process). */
export function readJournals(files: readonly string[]): JournalEntry[] {
  return files.flatMap((file) => {
    if (!existsSync(file)) return [];
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line, index) => {
        try {
          return JSON.parse(line) as JournalEntry;
        } catch {
          throw new Error(`${file} line ${index + 1} is not JSON: ${line}`);
        }
      });
  });
}

/**
 * Problems with executions saga-0 .. saga-(count-1): missing or extra executions, wrong outcomes,
 * histories with gaps, doubles or unexpected state entries, journal lines that do not pair with
 * scheduled tasks (see `tests/crash/history-checks.ts`).
 */
export function checkAllExecutions(state: FinalState, count: number, journal: JournalEntry[]): string[] {
  const problems: string[] = [];
  const byName = new Map(state.executions.map((execution) => [execution.name, execution]));
  if (state.executions.length !== count) problems.push(`${state.executions.length} executions, expected ${count}`);
  for (let index = 0; index < count; index++) {
    const record = byName.get(sagaName(index));
    if (!record) {
      problems.push(`${sagaName(index)} does not exist`);
      continue;
    }
    const input = sagaInput(index);
    const events = state.histories.get(record.executionArn) ?? [];
    problems.push(...checkExecution(record, events, input, expectedOutcome(input), journal));
  }
  const arns = new Set(state.executions.map((execution) => execution.executionArn));
  const strays = journal.filter((entry) => !arns.has(entry.executionArn));
  if (strays.length > 0) problems.push(`${strays.length} journal lines for unknown executions`);
  return problems;
}

/** Polls until no execution is RUNNING; `stuck` lists those still running at `deadline` (empty: all ended). */
export async function waitUntilAllEnded(
  store: PostgresStore,
  deadline: number,
): Promise<{ stuck: string[]; timeline: string }> {
  const began = Date.now();
  const samples: string[] = [];
  let lastSample = -Infinity;
  for (;;) {
    const unfinished = await store.listUnfinishedExecutions();
    if (Date.now() - lastSample >= 1_000) {
      lastSample = Date.now();
      samples.push(`${Math.round((lastSample - began) / 1000)}s:${unfinished.length}`);
    }
    if (unfinished.length === 0 || Date.now() >= deadline) {
      return { stuck: unfinished, timeline: `RUNNING executions over time: ${samples.join(' ')}` };
    }
    await sleep(200);
  }
}

/** Says where each of the given executions is stuck: its last events and its pending work. */
export async function describeStuck(store: PostgresStore, arns: readonly string[], limit = 25): Promise<string> {
  const lines: string[] = [];
  for (const arn of arns.slice(0, limit)) {
    const events = await store.getHistory(arn, { reverse: true, limit: 3 });
    const work = await store.listWork(arn);
    const last = events
      .reverse()
      .map((event) => `${event.id}:${event.type}@${event.timestamp}`)
      .join(' ');
    const pending = work
      .map(
        (item) =>
          `${item.kind} ${item.id.split('#').at(-1)} due ${item.dueAt} owner ${item.owner} until ${item.leaseUntil}`,
      )
      .join('; ');
    lines.push(`  ${arn.split(':').at(-1)}: [${last}] work: [${pending}]`);
  }
  if (arns.length > limit) lines.push(`  ... and ${arns.length - limit} more`);
  return lines.join('\n');
}

/** min / median / max of some durations, for the report. */
export function spread(values: readonly number[]): { min: number; median: number; max: number } | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0]!, median: sorted[Math.floor(sorted.length / 2)]!, max: sorted.at(-1)! };
}
