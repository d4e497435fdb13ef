import { isDeepStrictEqual } from 'node:util';
import type { HistoryEvent } from '../../src/core/interpreter/history-event.js';
import type { ExecutionRecord } from '../../src/store/store-port.js';
import type { ExpectedOutcome, JournalEntry, SagaInput } from './crash-saga.js';

const CLOSING = new Set(['ExecutionSucceeded', 'ExecutionFailed', 'ExecutionTimedOut', 'ExecutionAborted']);
const FAMILIES = ['Task', 'LambdaFunction'] as const;
const isScheduled = (type: string): boolean => FAMILIES.some((family) => type === `${family}Scheduled`);
const isStarted = (type: string): boolean => FAMILIES.some((family) => type === `${family}Started`);
const isOutcome = (type: string): boolean =>
  FAMILIES.some((family) => ['Succeeded', 'Failed', 'TimedOut'].some((end) => type === `${family}${end}`));

/** One scheduled task invocation as history records it, with the outcome recorded for it. */
export interface ScheduledTask {
  scheduledId: number;
  stateName: string;
  /** 1 + the number of earlier schedulings of the same state (every state is entered once). */
  attempt: number;
  outcomeType: string | undefined;
  error: string | undefined;
}

function detailsOf(event: HistoryEvent): Record<string, unknown> {
  const entry = Object.entries(event).find(([key]) => key.endsWith('EventDetails'));
  return (entry?.[1] ?? {}) as Record<string, unknown>;
}

/** The state a task event belongs to: follow previousEventId back to a `*StateEntered` event. */
function stateNameOf(event: HistoryEvent, byId: Map<number, HistoryEvent>): string | undefined {
  let current: HistoryEvent | undefined = event;
  for (let hops = 0; current && hops < byId.size; hops++) {
    if (current.type.endsWith('StateEntered')) return (detailsOf(current) as { name?: string }).name;
    current = byId.get(current.previousEventId);
  }
  return undefined;
}

/**
 * Checks one finished execution's history against what its input must produce, and pairs
 * its scheduled tasks with its journal lines. Returns the problems found (empty when sound).
 */
export function checkExecution(
  record: ExecutionRecord,
  events: HistoryEvent[],
  input: SagaInput,
  expected: ExpectedOutcome,
  journal: JournalEntry[],
): string[] {
  const problems: string[] = [];
  const problem = (message: string): void => void problems.push(`${record.name}: ${message}`);

  // The record's outcome.
  if (record.status !== expected.status) problem(`status ${record.status}, expected ${expected.status}`);
  if (expected.status === 'SUCCEEDED') {
    const output: unknown = record.output === null ? null : JSON.parse(record.output);
    if (!isDeepStrictEqual(output, expected.output)) {
      problem(`output ${record.output}, expected ${JSON.stringify(expected.output)}`);
    }
  } else if (record.error !== expected.error || record.cause !== expected.cause) {
    problem(`error ${record.error} (${record.cause}), expected ${expected.error} (${expected.cause})`);
  }

  // Event ids 1..n, one start, one closing event and it is the last.
  const ids = events.map((event) => event.id);
  if (
    !isDeepStrictEqual(
      ids,
      events.map((_, index) => index + 1),
    )
  ) {
    problem(`history ids are not 1..${events.length}: ${ids.join(',')}`);
  }
  const types = events.map((event) => event.type);
  const starts = types.filter((type) => type === 'ExecutionStarted').length;
  const closings = types.filter((type) => CLOSING.has(type)).length;
  if (starts !== 1 || types[0] !== 'ExecutionStarted') problem(`${starts} ExecutionStarted events, or not first`);
  if (closings !== 1 || !CLOSING.has(types.at(-1) ?? '')) problem(`${closings} closing events, or not last`);
  const closing = expected.status === 'SUCCEEDED' ? 'ExecutionSucceeded' : 'ExecutionFailed';
  if (types.at(-1) !== closing) problem(`last event ${types.at(-1)}, expected ${closing}`);

  // States entered: once each, exactly the expected path.
  const entered = new Map<string, number>();
  for (const event of events) {
    if (!event.type.endsWith('StateEntered')) continue;
    const name = String((detailsOf(event) as { name?: string }).name);
    entered.set(name, (entered.get(name) ?? 0) + 1);
  }
  const expectedEntered = new Map(expected.enteredStates.map((name) => [name, 1]));
  if (!isDeepStrictEqual(new Map([...entered].sort()), new Map([...expectedEntered].sort()))) {
    problem(`states entered ${JSON.stringify([...entered])}, expected ${JSON.stringify([...expectedEntered])}`);
  }
  if (expected.failStateInput !== undefined) {
    const failEntered = events.find((event) => event.type === 'FailStateEntered');
    const inputText = failEntered ? detailsOf(failEntered).input : undefined;
    const failInput: unknown = typeof inputText === 'string' ? JSON.parse(inputText) : undefined;
    if (!isDeepStrictEqual(failInput, expected.failStateInput)) {
      problem(`Fail state input ${JSON.stringify(failInput)}, expected ${JSON.stringify(expected.failStateInput)}`);
    }
  }

  // Every scheduled task: exactly one Started pointing at it, exactly one outcome pointing at that.
  const byId = new Map(events.map((event) => [event.id, event]));
  const tasks: ScheduledTask[] = [];
  const attempts = new Map<string, number>();
  for (const event of events.filter((candidate) => isScheduled(candidate.type))) {
    const stateName = stateNameOf(event, byId) ?? `?(event ${event.id})`;
    const attempt = (attempts.get(stateName) ?? 0) + 1;
    attempts.set(stateName, attempt);
    const started = events.filter((other) => isStarted(other.type) && other.previousEventId === event.id);
    const outcomes = started.flatMap((start) =>
      events.filter((other) => isOutcome(other.type) && other.previousEventId === start.id),
    );
    if (started.length !== 1 || outcomes.length !== 1) {
      problem(`task ${stateName} (event ${event.id}): ${started.length} Started, ${outcomes.length} outcomes`);
    }
    const outcome = outcomes[0];
    tasks.push({
      scheduledId: event.id,
      stateName,
      attempt,
      outcomeType: outcome?.type,
      error: outcome ? (detailsOf(outcome).error as string | undefined) : undefined,
    });
  }
  const startedCount = types.filter(isStarted).length;
  const outcomeCount = types.filter(isOutcome).length;
  if (startedCount !== tasks.length || outcomeCount !== tasks.length) {
    problem(`${tasks.length} tasks scheduled, ${startedCount} Started, ${outcomeCount} outcomes`);
  }
  const scheduledPerState = Object.fromEntries(attempts);
  if (!isDeepStrictEqual(sortKeys(scheduledPerState), sortKeys(expected.scheduled))) {
    problem(
      `tasks scheduled per state ${JSON.stringify(scheduledPerState)}, expected ${JSON.stringify(expected.scheduled)}`,
    );
  }
  for (const task of tasks) {
    const failure = expectedFailure(task.stateName, task.attempt, input);
    const outcomeOk = failure
      ? task.outcomeType?.endsWith('Failed') === true && task.error === failure
      : task.outcomeType?.endsWith('Succeeded') === true;
    if (!outcomeOk) {
      problem(`task ${task.stateName} attempt ${task.attempt}: ${task.outcomeType} ${task.error ?? ''}`);
    }
  }

  problems.push(...checkJournal(record, tasks, journal));
  return problems;
}

/** The error a handler raises for this state, attempt and input (undefined: it succeeds). */
function expectedFailure(stateName: string, attempt: number, input: SagaInput): string | undefined {
  if (stateName === 'Charge' && input.flakyCharge && attempt === 1) return 'TransientError';
  if (stateName === 'Audit' && input.flakyAudit && attempt === 1) return 'TransientError';
  if (stateName === 'Ship' && input.fail) return 'ShipmentRefused';
  return undefined;
}

/** The work id inside an idempotency key `${executionArn}#t<seq>`: its sequence number. */
export function keySequence(key: string, executionArn: string): number | undefined {
  const match = /^t(\d+)$/.exec(key.startsWith(`${executionArn}#`) ? key.slice(executionArn.length + 1) : '');
  return match ? Number(match[1]) : undefined;
}

/**
 * Pairs history with the journal. Task ids come from one per-execution sequence that grows
 * in the same order as history, so the execution's distinct keys sorted by sequence must
 * line up one to one with its scheduled tasks in event order: same state, same attempt.
 * A key may appear several times (re-invoked after a kill), but only with the same
 * state and attempt, and at most once per process.
 */
function checkJournal(record: ExecutionRecord, tasks: ScheduledTask[], journal: JournalEntry[]): string[] {
  const problems: string[] = [];
  const problem = (message: string): void => void problems.push(`${record.name}: ${message}`);
  const byKey = new Map<string, JournalEntry[]>();
  for (const entry of journal) {
    if (entry.executionArn !== record.executionArn) continue;
    byKey.set(entry.idempotencyKey, [...(byKey.get(entry.idempotencyKey) ?? []), entry]);
  }
  const keys = [...byKey.keys()].map((key) => ({ key, seq: keySequence(key, record.executionArn) }));
  const malformed = keys.filter((key) => key.seq === undefined);
  if (malformed.length > 0) problem(`malformed idempotency keys ${malformed.map((key) => key.key).join(', ')}`);
  keys.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
  if (keys.length !== tasks.length) {
    problem(`${keys.length} distinct idempotency keys in the journal, ${tasks.length} tasks scheduled in history`);
  }
  keys.forEach(({ key }, index) => {
    const entries = byKey.get(key) ?? [];
    const first = entries[0]!;
    if (entries.some((entry) => entry.stateName !== first.stateName || entry.attempt !== first.attempt)) {
      problem(`key ${key} was invoked for different states or attempts: ${JSON.stringify(entries)}`);
    }
    const pids = entries.map((entry) => entry.pid);
    if (new Set(pids).size !== pids.length) problem(`key ${key} was invoked twice by one process (${pids.join(',')})`);
    const task = tasks[index];
    if (task && (task.stateName !== first.stateName || task.attempt !== first.attempt)) {
      problem(
        `key ${key} (${first.stateName} attempt ${first.attempt}) does not match scheduled task ` +
          `${task.stateName} attempt ${task.attempt} (event ${task.scheduledId})`,
      );
    }
  });
  return problems;
}

function sortKeys(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
