import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-runner.js';

const dir = mkdtempSync(join(tmpdir(), 'unwind-cli-defs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const handlers = file(
  'handlers.ts',
  `export const handlers = { Reserve: async (input: { qty: number }) => ({ reserved: input.qty }) };\n`,
);

/** A YAML saga whose Task resource and failure cause are placeholders. */
const yamlSaga = file(
  'saga.asl.yaml',
  `Comment: an order saga, kept as YAML
StartAt: Reserve
States:
  Reserve:
    Type: Task
    Resource: "\${ReserveFunction}"
    ResultPath: $.reservation
    Next: Done
  Done:
    Type: Succeed
`,
);

describe('unwind validate: YAML and --sub', () => {
  it('validates a .asl.yaml definition once every placeholder is filled', () => {
    const result = runCli(['validate', yamlSaga, '--sub', 'ReserveFunction=Reserve', '--sub', 'Unused=x']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`${yamlSaga}: valid\n`);
    expect(result.status).toBe(0);
  });

  it('reports an unfilled placeholder with its JSON path (exit 1)', () => {
    const result = runCli(['validate', yamlSaga, '--json']);
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      valid: false,
      problems: [{ path: '$.States.Reserve.Resource', message: 'unfilled placeholder ${ReserveFunction}' }],
    });
  });

  it('reports YAML syntax errors and duplicate keys with line and column', () => {
    const broken = file('broken.yml', 'StartAt: A\nStates:\n  A: {Type: Succeed}\nStartAt: B\n');
    const result = runCli(['validate', broken]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("  $: duplicate key 'StartAt' (line 4, column 1)");
    const bad = file('bad.yaml', 'StartAt: [A\n');
    expect(runCli(['validate', bad]).stdout).toMatch(/\$: invalid YAML: .*\(line \d+, column \d+\)/);
  });

  it('rejects a --sub without = (or with a name no placeholder can have) as a usage error (exit 2)', () => {
    for (const sub of ['ReserveFunction', '=Reserve', 'has space=x']) {
      const result = runCli(['validate', yamlSaga, '--sub', sub]);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain(`--sub '${sub}' must be NAME=VALUE`);
    }
  });

  it('keeps everything after the first = as the value', () => {
    const json = file(
      'eq.asl.json',
      JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', Result: '${V}', End: true } } }),
    );
    expect(runCli(['validate', json, '--sub', 'V=a=b']).status).toBe(0);
  });
});

describe('unwind run: YAML and --sub', () => {
  it('runs a YAML definition with substitutions and pins the execution to the substituted JSON', () => {
    const db = join(dir, 'run.db');
    const args = ['run', yamlSaga, '--handlers', handlers, '--sub', 'ReserveFunction=Reserve', '--db', db];
    const result = runCli([...args, '--input', '{"qty":2}', '--json']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      status: 'SUCCEEDED',
      output: { qty: 2, reservation: { reserved: 2 } },
    });
    const sqlite = new Database(db, { readonly: true });
    try {
      const rows = sqlite.prepare('SELECT text FROM definitions').all() as { text: string }[];
      expect(rows).toHaveLength(1);
      const stored = JSON.parse(rows[0]?.text ?? '') as { States: { Reserve: { Resource: string } } };
      expect(stored.States.Reserve.Resource).toBe('Reserve');
      expect(rows[0]?.text).not.toContain('${');
    } finally {
      sqlite.close();
    }
  });

  it('refuses to run with an unfilled placeholder or a bad --sub (exit 2)', () => {
    const unfilled = runCli(['run', yamlSaga, '--handlers', handlers]);
    expect(unfilled.status).toBe(2);
    expect(unfilled.stderr).toContain('$.States.Reserve.Resource: unfilled placeholder ${ReserveFunction}');
    expect(runCli(['run', yamlSaga, '--handlers', handlers, '--sub', 'nope']).status).toBe(2);
  });
});
