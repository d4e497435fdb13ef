import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateStateMachineCommand,
  GetExecutionHistoryCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  type HistoryEvent as SdkHistoryEvent,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../src/core/interpreter/history-event.js';
import { openStore } from '../../src/open-store.js';
import { ROLE_ARN, waitFor } from './api-server-fixture.js';
import { bounded, ServeProcess, sfnClient } from './serve-process.js';

/**
 * SIGKILLs a real `unwind serve` while three executions wait (in a Wait state, on a task token, in a
 * Retry backoff), restarts it on the same SQLite file, answers the token obtained before the kill, and
 * checks that all three complete as they must with a sound history.
 */
let dir: string;
const servers: ServeProcess[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'unwind-serve-crash-'));
});
afterEach(async () => {
  await Promise.all(servers.map((server) => server.kill()));
  servers.length = 0;
  rmSync(dir, { recursive: true, force: true });
});

const WAIT_SECONDS = 3;
const RETRY_INTERVAL_SECONDS = 2;

const definitions = {
  pause: {
    StartAt: 'Pause',
    States: {
      Pause: { Type: 'Wait', Seconds: WAIT_SECONDS, Next: 'Woke' },
      Woke: { Type: 'Pass', Result: 'woke', ResultPath: '$.result', End: true },
    },
  },
  approval: {
    StartAt: 'Approve',
    States: {
      Approve: {
        Type: 'Task',
        Resource: 'arn:aws:states:::sns:publish.waitForTaskToken',
        Parameters: { 'token.$': '$$.Task.Token' },
        ResultPath: '$.approval',
        Next: 'Label',
      },
      Label: { Type: 'Pass', Result: 'after', ResultPath: '$.label', End: true },
    },
  },
  charge: {
    StartAt: 'Charge',
    States: {
      Charge: {
        Type: 'Task',
        Resource: 'Flaky',
        ResultPath: '$.charge',
        Retry: [{ ErrorEquals: ['Transient'], IntervalSeconds: RETRY_INTERVAL_SECONDS, MaxAttempts: 2 }],
        End: true,
      },
    },
  },
};

/** `Flaky` fails its first attempt and journals every invocation with the serving process's pid. */
function writeHandlers(journal: string): string {
  const file = join(dir, 'handlers.mjs');
  writeFileSync(
    file,
    [
      `import { appendFileSync } from 'node:fs';`,
      `export const handlers = {`,
      `  'sns:publish': () => ({ published: true }),`,
      `  Flaky: (input, ctx) => {`,
      `    const line = { pid: process.pid, attempt: ctx.attempt, key: ctx.idempotencyKey };`,
      `    appendFileSync(${JSON.stringify(journal)}, JSON.stringify(line) + '\\n');`,
      `    if (ctx.attempt === 1) throw Object.assign(new Error('first attempt fails'), { name: 'Transient' });`,
      `    return { charged: input.amount, attempt: ctx.attempt };`,
      `  },`,
      `};`,
      ``,
    ].join('\n'),
  );
  return file;
}

async function historyOf(sfn: SFNClient, executionArn: string): Promise<SdkHistoryEvent[]> {
  const events: SdkHistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

/** The committed histories, read from the database file while no server runs. */
async function readHistories(db: string, arns: readonly string[]): Promise<Map<string, HistoryEvent[]>> {
  const store = await openStore(db);
  try {
    return new Map(await Promise.all(arns.map(async (arn) => [arn, await store.getHistory(arn)] as const)));
  } finally {
    await store.close();
  }
}

/** Problems of a finished history: ids 1..n, one start first, one success last, every state entered once. */
function historyProblems(events: SdkHistoryEvent[]): string[] {
  const problems: string[] = [];
  const ids = events.map((event) => event.id);
  if (ids.some((id, index) => id !== index + 1)) problems.push(`event ids are not 1..${events.length}: ${ids.join()}`);
  for (const event of events.slice(1)) {
    if (!(event.previousEventId! >= 0 && event.previousEventId! < event.id!))
      problems.push(`event ${event.id} points back to ${event.previousEventId}`);
  }
  const types = events.map((event) => event.type);
  if (types.filter((type) => type === 'ExecutionStarted').length !== 1 || types[0] !== 'ExecutionStarted')
    problems.push(`not exactly one ExecutionStarted, first: ${types.join()}`);
  if (types.filter((type) => type?.startsWith('Execution') && type !== 'ExecutionStarted').length !== 1)
    problems.push(`not exactly one closing event: ${types.join()}`);
  if (types.at(-1) !== 'ExecutionSucceeded') problems.push(`last event is ${types.at(-1)}`);
  const entered = events.flatMap((event) =>
    event.stateEnteredEventDetails ? [event.stateEnteredEventDetails.name] : [],
  );
  if (new Set(entered).size !== entered.length) problems.push(`a state was entered twice: ${entered.join()}`);
  return problems;
}

function typesOf(events: readonly { type?: string }[]): string[] {
  return events.map((event) => event.type ?? '');
}

describe('unwind serve survives SIGKILL', () => {
  it('resumes a Wait, a task-token wait and a Retry backoff after a SIGKILL and restart', async () => {
    const db = join(dir, 'unwind.db');
    const journal = join(dir, 'flaky.ndjson');
    writeFileSync(journal, '');
    const args = ['--port', '0', '--db', db, '--handlers', writeHandlers(journal)];
    const first = new ServeProcess(dir, args);
    servers.push(first);
    await bounded(first.started, 60_000, 'the first serving line');
    const sfn = sfnClient(first.url);
    const arns: Record<keyof typeof definitions, string> = { pause: '', approval: '', charge: '' };
    const inputs = { approval: { amount: 5 }, charge: { amount: 7 }, pause: { n: 1 } };
    let token: string;
    try {
      // Every state machine first, then the starts in a row: the Retry backoff (2 s) is the shortest wait, so
      // Charge starts last and its failure is the last thing awaited before the kill.
      const machines = new Map<string, string>();
      for (const name of ['approval', 'pause', 'charge'] as const) {
        const { stateMachineArn } = await sfn.send(
          new CreateStateMachineCommand({ name, definition: JSON.stringify(definitions[name]), roleArn: ROLE_ARN }),
        );
        machines.set(name, stateMachineArn!);
      }
      for (const name of ['approval', 'pause', 'charge'] as const) {
        const started = await sfn.send(
          new StartExecutionCommand({
            stateMachineArn: machines.get(name),
            name: `${name}-1`,
            input: JSON.stringify(inputs[name]),
          }),
        );
        arns[name] = started.executionArn!;
      }
      // The token, from the history; the task was handed to its resource (TaskSubmitted).
      token = await waitFor(async () => {
        const events = await historyOf(sfn, arns.approval);
        const parameters = events.find((event) => event.type === 'TaskScheduled')?.taskScheduledEventDetails
          ?.parameters;
        const submitted = events.some((event) => event.type === 'TaskSubmitted');
        return parameters && submitted ? (JSON.parse(parameters) as { token: string }).token : undefined;
      }, 'the task token of the approval');
      await waitFor(
        async () => (typesOf(await historyOf(sfn, arns.pause)).includes('WaitStateEntered') ? true : undefined),
        'the Wait state',
      );
      await waitFor(
        async () => (typesOf(await historyOf(sfn, arns.charge)).includes('TaskFailed') ? true : undefined),
        'the first failure of Charge',
      );
    } finally {
      sfn.destroy();
    }
    await first.kill();
    expect((await first.exit).signal).toBe('SIGKILL');

    // What was committed at the kill: all three were waiting.
    const atKill = await readHistories(db, Object.values(arns));
    const killed = (name: keyof typeof arns): string[] => typesOf(atKill.get(arns[name]) ?? []);
    expect(killed('pause').at(-1), 'the Wait had not ended at the kill').toBe('WaitStateEntered');
    expect(killed('approval').at(-1), 'the approval awaited its token at the kill').toBe('TaskSubmitted');
    expect(killed('charge').at(-1), 'Charge was in its Retry backoff at the kill').toBe('TaskFailed');

    const second = new ServeProcess(dir, args);
    servers.push(second);
    await bounded(second.started, 60_000, 'the serving line after the restart');
    const again = sfnClient(second.url);
    try {
      await again.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"approvedBy":"ops"}' }));
      const expected = {
        pause: { n: 1, result: 'woke' },
        approval: { amount: 5, approval: { approvedBy: 'ops' }, label: 'after' },
        charge: { amount: 7, charge: { charged: 7, attempt: 2 } },
      };
      for (const name of ['pause', 'approval', 'charge'] as const) {
        const events = await waitFor(
          async () => {
            const history = await historyOf(again, arns[name]);
            return history.at(-1)?.type?.startsWith('Execution') && history.length > 1 ? history : undefined;
          },
          `the end of ${name}`,
          20_000,
        );
        const closing = events.at(-1)!;
        expect(closing.type, `${name}: ${typesOf(events).join()}`).toBe('ExecutionSucceeded');
        expect(JSON.parse(closing.executionSucceededEventDetails!.output!), name).toEqual(expected[name]);
        expect(historyProblems(events), name).toEqual([]);
        // Nothing committed before the kill was lost or rewritten.
        const before = atKill.get(arns[name]) ?? [];
        expect(
          events.slice(0, before.length).map((event) => [event.id, event.type]),
          name,
        ).toEqual(before.map((event) => [event.id, event.type]));
      }
    } finally {
      again.destroy();
    }
    // Charge ran its first attempt on the first server and its retry on the restarted one, once each.
    const invocations = readFileSync(journal, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as { pid: number; attempt: number });
    expect(invocations.map(({ pid, attempt }) => ({ pid, attempt }))).toEqual([
      { pid: first.process.pid, attempt: 1 },
      { pid: second.process.pid, attempt: 2 },
    ]);

    second.process.kill('SIGTERM');
    expect((await bounded(second.exit, 30_000, 'exit after SIGTERM')).code).toBe(0);
  }, 120_000);
});
