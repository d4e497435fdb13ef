import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../cli/cli-runner.js';

const dir = mkdtempSync(join(tmpdir(), 'unwind-fdl-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const example = (file: string): string => join(repoRoot, 'examples/travel-fdl', file);

describe('the CLI with flow files', () => {
  it('runs a .yaml flow and prints its history in the flow vocabulary', () => {
    const db = join(dir, 'run.db');
    const input = JSON.stringify({ buy_train_ticket_result: 'success', reserve_flight_result: 'fail' });
    const run = runCli([
      'run',
      example('travel.flow.yaml'),
      '--handlers',
      example('handlers.ts'),
      '--input',
      input,
      '--db',
      db,
      '--name',
      'trip-1',
    ]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('Status: FAILED');
    const history = runCli(['history', 'trip-1', '--db', db, '--format', 'fdl', '--json']);
    expect(history.status).toBe(0);
    const events = (JSON.parse(history.stdout) as { events: { type: string; stepName: string }[] }).events;
    expect(events.filter((event) => event.type === 'StepExited').map((event) => event.stepName)).toEqual([
      'BuyTrainTicket',
      'ReserveFlight',
      'CancelTrainTicket',
    ]);
    const text = runCli(['history', 'trip-1', '--db', db, '--format', 'fdl']);
    expect(text.stdout).toMatch(/StepExited\s+ReserveFlight\s+\(FC\.Unknown: .*0 retries, goto CancelTrainTicket\)/);
  });

  it('validates a flow and lists every problem with its line and column', () => {
    const file = join(dir, 'broken.flow.yml');
    writeFileSync(file, 'version: v1\ntype: flow\nsteps:\n  - type: task\n    name: A\n  - type: pass\n    name: A\n');
    const result = runCli(['validate', file]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`${file}: 2 problem(s)`);
    expect(result.stdout).toContain("$.steps[0].resourceArn: a task step needs 'resourceArn' (line 4, column 5)");
    expect(result.stdout).toContain("$.steps[1].name: step name 'A' is used twice in this list (line 7, column 11)");
    expect(runCli(['validate', example('travel.flow.yaml'), '--handlers', example('handlers.ts')]).status).toBe(0);
  });
});
