import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { loadDefinition } from '../../src/engine/load-definition.js';
import { openSqliteStore } from '../../src/sqlite/sqlite-store.js';
import { runCli } from './cli-runner.js';

const dir = mkdtempSync(join(tmpdir(), 'unwind-cli-workflows-'));
const db = join(dir, 'mixed.db');
const handlersModule = join(dir, 'handlers.ts');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const handlers = { Reserve: () => Promise.resolve({ reserved: true }) };
const definitionText = JSON.stringify({
  StartAt: 'Reserve',
  States: { Reserve: { Type: 'Task', Resource: 'Reserve', End: true } },
});

/**
 * A database holding a finished workflow, a workflow parked on a signal, and a state machine
 * execution started by an engine that never ran (so `resume` has both kinds to look at).
 */
beforeAll(async () => {
  writeFileSync(handlersModule, `export const handlers = { Reserve: async () => ({ reserved: true }) };\n`);
  const store = openSqliteStore({ file: db });
  await store.migrate();
  const runner = new Engine({ store, handlers });
  runner.registerWorkflow('transfer', async (wf) => {
    await wf.saga('debit', { action: () => ({ debited: 30 }), compensate: () => undefined });
    return 'moved';
  });
  runner.registerWorkflow('approval', async (wf) => (await wf.waitForSignal('decision')) ?? null);
  await runner.start();
  expect((await runner.executeWorkflow('transfer', 'wf-done')).status).toBe('SUCCEEDED');
  await runner.startWorkflow('approval', 'wf-parked');
  await runner.drain();
  await runner.stop();
  // A short lease: the resuming process may take the pending task over at once.
  const idle = new Engine({ store, handlers, leaseMs: 50 });
  const loaded = loadDefinition(definitionText, handlers);
  await idle.startExecution({
    definition: loaded.definition,
    definitionText: loaded.text,
    stateMachineName: 'reserve',
    name: 'asl-pending',
  });
  await store.close();
});

describe('code-first workflow executions in the CLI', () => {
  it('lists workflow executions and prints their history like any other', () => {
    const rows = JSON.parse(runCli(['executions', '--db', db, '--json']).stdout) as { name: string; status: string }[];
    expect(Object.fromEntries(rows.map((row) => [row.name, row.status]))).toEqual({
      'wf-done': 'SUCCEEDED',
      'wf-parked': 'RUNNING',
      'asl-pending': 'RUNNING',
    });
    const table = runCli(['executions', '--db', db]);
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/SUCCEEDED .* wf-done .*:execution:transfer:wf-done/);

    const history = JSON.parse(runCli(['history', 'wf-done', '--db', db, '--json']).stdout) as {
      status: string;
      events: { type: string }[];
    };
    expect(history.status).toBe('SUCCEEDED');
    expect(history.events.map((event) => event.type)).toEqual([
      'ExecutionStarted',
      'BranchSucceeded',
      'CommitStarted',
      'ExecutionSucceeded',
    ]);
    const text = runCli(['history', 'wf-done', '--db', db]);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/BranchSucceeded/);
    expect(text.stdout).toContain('SUCCEEDED');
  });

  it('resume drives state machine executions and says which workflow executions it cannot run', () => {
    const result = runCli(['resume', '--db', db, '--handlers', handlersModule]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Resuming 1 unfinished execution(s)');
    expect(result.stdout).toContain(
      'Skipping 1 code-first workflow execution(s): they need a process that registers their workflows',
    );
    expect(result.stdout).toMatch(/SKIPPED\s+\S+:execution:approval:wf-parked/);
    expect(result.stdout).toMatch(/SUCCEEDED\s+\S+:execution:reserve:asl-pending/);
    const rows = JSON.parse(runCli(['executions', '--db', db, '--status', 'running', '--json']).stdout) as {
      name: string;
    }[];
    expect(rows.map((row) => row.name)).toEqual(['wf-parked']);
  });
});

describe('unwind workflow describe | retry', () => {
  it('describes a parked workflow and makes it due now; a finished or unknown gid is a usage error', () => {
    const described = runCli(['workflow', 'describe', 'wf-parked', '--db', db, '--json']);
    expect(described.status).toBe(0);
    const progress = JSON.parse(described.stdout) as { workflow: string; status: string; nextRunAt?: number };
    expect(progress).toMatchObject({ workflow: 'approval', status: 'RUNNING' });
    // Parked on a signal without a timeout: no next run until something wakes it.
    expect(progress.nextRunAt).toBeUndefined();

    const retried = runCli(['workflow', 'retry', 'wf-parked', '--db', db]);
    expect(retried.status).toBe(0);
    expect(retried.stdout).toMatch(/wf-parked is due now/);
    const after = JSON.parse(runCli(['workflow', 'describe', 'wf-parked', '--db', db, '--json']).stdout) as {
      nextRunAt?: number;
    };
    expect(after.nextRunAt).toEqual(expect.any(Number));
    expect(runCli(['workflow', 'describe', 'wf-parked', '--db', db]).stdout).toMatch(/phase .*\n.*attempts/);

    const finished = runCli(['workflow', 'retry', 'wf-done', '--db', db]);
    expect(finished.status).toBe(2);
    expect(finished.stderr).toMatch(/already finished/);
    const unknown = runCli(['workflow', 'describe', 'no-such-gid', '--db', db]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/does not exist: no-such-gid/);
  });
});
