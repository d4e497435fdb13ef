import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-runner.js';

const dir = mkdtempSync(join(tmpdir(), 'unwind-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

const handlersModule = file(
  'handlers.ts',
  `class OutOfStock extends Error { override name = 'OutOfStock'; }
export const handlers = {
  Reserve: async (input: { qty: number }) => { if (input.qty > 5) throw new OutOfStock('only 5 left'); return { reserved: input.qty }; },
  Release: async () => ({ released: true }),
};
`,
);

const saga = file('saga.asl.json', {
  StartAt: 'Reserve',
  States: {
    Reserve: {
      Type: 'Task',
      Resource: 'Reserve',
      ResultPath: '$.reservation',
      Catch: [{ ErrorEquals: ['OutOfStock'], ResultPath: '$.error', Next: 'Release' }],
      End: true,
    },
    Release: { Type: 'Task', Resource: 'Release', ResultPath: null, Next: 'Failed' },
    Failed: { Type: 'Fail', Error: 'OrderFailed', Cause: 'not enough stock' },
  },
});

describe('unwind run', () => {
  it('prints a timeline and the output, exit 0 on success', () => {
    const result = runCli(['run', saga, '--handlers', handlersModule, '--input', '{"qty":2}']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/TaskStateEntered\s+Reserve/);
    expect(result.stdout).toContain('Status: SUCCEEDED');
    expect(result.stdout).toContain('Output: {"qty":2,"reservation":{"reserved":2}}');
  });

  it('prints one JSON object with --json and exits 1 when the execution fails', () => {
    const result = runCli([
      'run',
      saga,
      '--handlers',
      handlersModule,
      '--input',
      '{"qty":9}',
      '--json',
      '--name',
      'big-order',
    ]);
    expect(result.status).toBe(1);
    const parsed = JSON.parse(result.stdout);
    expect(parsed).toMatchObject({ status: 'FAILED', error: 'OrderFailed', cause: 'not enough stock', output: null });
    expect(parsed.executionArn).toMatch(/:execution:saga:big-order$/);
    const types = parsed.events.map((event: { type: string }) => event.type);
    expect(types[0]).toBe('ExecutionStarted');
    expect(types.at(-1)).toBe('ExecutionFailed');
    expect(types).toContain('FailStateEntered');
    expect(parsed.events.every((event: { id: number }, i: number) => event.id === i + 1)).toBe(true);
  });

  it('reports every definition problem with its JSON path and exits 2', () => {
    const broken = file('broken.json', {
      StartAt: 'Missing',
      States: {
        A: { Type: 'Task', Resource: 'Reserve', Next: 'Nowhere' },
        B: { Type: 'Pass', End: true, Bogus: 1 },
      },
    });
    const result = runCli(['run', broken, '--handlers', handlersModule]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('$.StartAt');
    expect(result.stderr).toContain('$.States.A.Next');
    expect(result.stderr).toContain('$.States.B.Bogus');
  });

  it('rejects an unknown task resource before starting, naming the state', () => {
    const result = runCli(['run', saga, '--input', '{"qty":1}']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('$.States.Reserve.Resource');
    expect(result.stderr).toContain("no handler named 'Reserve'");
  });

  it('gives one clear line when the handler module does not load', () => {
    const bad = file('bad-handlers.ts', 'export const handlers = { X: ; }');
    const result = runCli(['run', saga, '--handlers', bad]);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(`Cannot load handlers from ${bad}`);
    const missing = runCli(['run', saga, '--handlers', join(dir, 'nope.js')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('the file does not exist');
  });

  it('rejects input that is not JSON with exit 2', () => {
    const result = runCli(['run', saga, '--handlers', handlersModule, '--input', '{qty:1}']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--input is not valid JSON');
  });

  it('exits 2 on an unknown option', () => {
    expect(runCli(['run', saga, '--frobnicate']).status).toBe(2);
  });
});

describe('unwind validate', () => {
  it('exits 0 for a valid definition and 1 with every problem', () => {
    expect(runCli(['validate', saga]).status).toBe(0);
    const broken = file('broken2.json', { StartAt: 'A', States: { A: { Type: 'Wait', Next: 'Gone' } } });
    const result = runCli(['validate', broken, '--json']);
    expect(result.status).toBe(1);
    const { valid, problems } = JSON.parse(result.stdout);
    expect(valid).toBe(false);
    const paths = problems.map((problem: { path: string }) => problem.path);
    expect(paths).toEqual(expect.arrayContaining(['$.States.A.Next']));
    expect(problems.length).toBeGreaterThanOrEqual(2);
  });
});

describe('unwind executions and history', () => {
  it('lists executions of a database and prints one history by name', () => {
    const db = join(dir, 'inspect.db');
    expect(
      runCli(['run', saga, '--handlers', handlersModule, '--input', '{"qty":1}', '--db', db, '--name', 'one']).status,
    ).toBe(0);
    expect(
      runCli(['run', saga, '--handlers', handlersModule, '--input', '{"qty":8}', '--db', db, '--name', 'two']).status,
    ).toBe(1);
    const all = JSON.parse(runCli(['executions', '--db', db, '--json']).stdout);
    expect(all.map((row: { name: string }) => row.name).sort()).toEqual(['one', 'two']);
    const failed = JSON.parse(runCli(['executions', '--db', db, '--status', 'failed', '--json']).stdout);
    expect(failed.map((row: { name: string }) => row.name)).toEqual(['two']);
    const history = JSON.parse(runCli(['history', 'two', '--db', db, '--json']).stdout);
    expect(history.status).toBe('FAILED');
    expect(history.events.at(-1).type).toBe('ExecutionFailed');
    const text = runCli(['history', 'two', '--db', db]);
    expect(text.stdout).toMatch(/TaskStateEntered\s+Release/);
    expect(runCli(['history', 'three', '--db', db]).status).toBe(2);
    expect(runCli(['executions', '--db', join(dir, 'absent.db')]).status).toBe(2);
  });
});
