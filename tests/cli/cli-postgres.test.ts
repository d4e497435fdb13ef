import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describePostgres, dropSchema, freshSchemaName, postgresUrl } from '../postgres/postgres-test-database.js';
import { runCli } from './cli-runner.js';

const dir = mkdtempSync(join(tmpdir(), 'unwind-cli-pg-'));
const schema = freshSchemaName();
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await dropSchema(schema);
});

describePostgres('unwind with --db postgres://', () => {
  it('runs, lists and shows executions stored in PostgreSQL', () => {
    const definition = join(dir, 'hello.asl.json');
    writeFileSync(
      definition,
      JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', Result: 'hi', End: true } } }),
    );
    const db = `${postgresUrl}?schema=${schema}`;
    const run = runCli(['run', definition, '--db', db, '--name', 'pg-one', '--json']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).output).toBe('hi');
    const listed = JSON.parse(runCli(['executions', '--db', db, '--json']).stdout);
    expect(listed.map((row: { name: string }) => row.name)).toEqual(['pg-one']);
    const history = JSON.parse(runCli(['history', 'pg-one', '--db', db, '--json']).stdout);
    expect(history.events.map((event: { type: string }) => event.type)).toEqual([
      'ExecutionStarted',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
  });
});
