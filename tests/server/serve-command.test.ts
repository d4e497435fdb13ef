import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  ListStateMachinesCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { passDefinition, REGION, waitFor, waitForEnd } from './api-server-fixture.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
let dir: string;
let child: ChildProcess | undefined;

/**
 * `bin/unwind.js` imports the built CLI (`../dist/src/cli/main.js`). The test runs a copy of the real
 * bin script next to a `dist` shim that imports the TypeScript sources (through tsx), so that it
 * exercises the current code without a build.
 */
function installBin(): string {
  mkdirSync(join(dir, 'bin'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  mkdirSync(join(dir, 'dist', 'src', 'cli'), { recursive: true });
  copyFileSync(join(repo, 'bin', 'unwind.js'), join(dir, 'bin', 'unwind.js'));
  const main = pathToFileURL(join(repo, 'src', 'cli', 'main.ts')).href;
  writeFileSync(join(dir, 'dist', 'src', 'cli', 'main.js'), `await import(${JSON.stringify(main)});\n`);
  return join(dir, 'bin', 'unwind.js');
}

/** A running `unwind serve`: `started` resolves once it printed its URL (then `url` and `firstLine` are set). */
class Served {
  url = '';
  firstLine = '';
  stdout = '';
  stderr = '';
  readonly exit: Promise<number | null>;
  readonly started: Promise<void>;

  constructor(readonly process: ChildProcess) {
    this.exit = new Promise((resolve) => process.on('exit', (code) => resolve(code)));
    process.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.started = new Promise<void>((resolve, reject) => {
      process.stdout!.on('data', (chunk: Buffer) => {
        this.stdout += chunk.toString();
        const match = /^unwind: serving the Step Functions API at (\S+) .*$/m.exec(this.stdout);
        if (match && !this.url) {
          this.url = match[1]!;
          this.firstLine = match[0];
          resolve();
        }
      });
      void this.exit.then((code) => reject(new Error(`unwind serve exited with ${code}: ${this.stderr}`)));
    });
  }
}

function serve(args: string[]): Served {
  const proc = spawn(process.execPath, ['--import', 'tsx', installBinOnce(), 'serve', ...args], {
    cwd: repo,
    env: { ...process.env, UNWIND_ACCESS_KEY_ID: '', UNWIND_SECRET_ACCESS_KEY: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = proc;
  return new Served(proc);
}

let bin: string | undefined;
function installBinOnce(): string {
  bin ??= installBin();
  return bin;
}

function bounded<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_resolve, reject) => setTimeout(() => reject(new Error(`timed out: ${what}`)), ms)),
  ]);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'unwind-serve-'));
  bin = undefined;
});
afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  child = undefined;
  rmSync(dir, { recursive: true, force: true });
});

function client(url: string): SFNClient {
  return new SFNClient({
    endpoint: url,
    region: REGION,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'dummy' },
    maxAttempts: 1,
  });
}

describe('unwind serve (child process)', () => {
  it('loads definitions, answers the API, exits 0 on SIGTERM, and updates changed definitions on restart', async () => {
    const definitions = join(dir, 'definitions');
    mkdirSync(definitions);
    writeFileSync(join(definitions, 'greeter.asl.json'), passDefinition('v1'));
    writeFileSync(join(definitions, 'notes.yaml'), 'StartAt: Note\nStates:\n  Note:\n    Type: Pass\n    End: true\n');
    writeFileSync(join(definitions, 'README.txt'), 'not a definition');
    const db = join(dir, 'data', 'unwind.db');
    const args = ['--port', '0', '--db', db, '--definitions', definitions];

    const first = serve(args);
    await bounded(first.started, 60_000, 'the serving line');
    expect(first.firstLine).toContain('greeter (created)');
    expect(first.firstLine).toContain('notes (created)');
    const sfn = client(first.url);
    const listed = await sfn.send(new ListStateMachinesCommand({}));
    expect(listed.stateMachines?.map((machine) => machine.name)).toEqual(['greeter', 'notes']);
    const arn = listed.stateMachines![0]!.stateMachineArn!;
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'one' }));
    expect((await waitForEnd(sfn, executionArn!)).output).toBe('"v1"');
    const health = await fetch(`${first.url}/healthz`);
    expect(health.status).toBe(200);
    const metrics = await fetch(`${first.url}/metrics`);
    expect(metrics.status).toBe(200);
    sfn.destroy();

    first.process.kill('SIGTERM');
    expect(await bounded(first.exit, 30_000, 'exit after SIGTERM')).toBe(0);

    writeFileSync(join(definitions, 'greeter.asl.json'), passDefinition('v2'));
    const second = serve(args);
    await bounded(second.started, 60_000, 'the serving line after restart');
    expect(second.firstLine).toContain('greeter (updated)');
    expect(second.firstLine).toContain('notes (unchanged)');
    const again = client(second.url);
    const described = await again.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
    expect(described.definition).toBe(passDefinition('v2'));
    const old = await again.send(new DescribeExecutionCommand({ executionArn }));
    expect(old).toMatchObject({ status: 'SUCCEEDED', output: '"v1"' });
    again.destroy();
    second.process.kill('SIGINT');
    expect(await bounded(second.exit, 30_000, 'exit after SIGINT')).toBe(0);
  });

  it('refuses a non-loopback host without credentials with exit code 2', async () => {
    const refused = serve(['--host', '0.0.0.0', '--port', '0', '--db', join(dir, 'unwind.db')]);
    refused.started.catch(() => undefined);
    expect(await bounded(refused.exit, 60_000, 'the refusal')).toBe(2);
    await waitFor(async () => Promise.resolve(refused.stderr.includes('without credentials') || undefined), 'stderr');
    expect(refused.stderr).toMatch(/refusing to listen on 0\.0\.0\.0 without credentials/);
  });

  it('refuses an unknown --log-level with exit code 2, naming the levels', async () => {
    const refused = serve(['--port', '0', '--db', join(dir, 'unwind.db'), '--log-level', 'chatty']);
    refused.started.catch(() => undefined);
    expect(await bounded(refused.exit, 60_000, 'the refusal')).toBe(2);
    await waitFor(async () => Promise.resolve(refused.stderr.includes('--log-level') || undefined), 'stderr');
    expect(refused.stderr).toMatch(
      /--log-level must be one of trace, debug, info, warn, error, fatal, silent, not 'chatty'/,
    );
  });

  it('exits 2 naming the file and the JSON path when a definition is invalid', async () => {
    const definitions = join(dir, 'definitions');
    mkdirSync(definitions);
    writeFileSync(
      join(definitions, 'broken.asl.json'),
      JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass' } } }),
    );
    const failed = serve(['--port', '0', '--db', join(dir, 'unwind.db'), '--definitions', definitions]);
    failed.started.catch(() => undefined);
    expect(await bounded(failed.exit, 60_000, 'the failure')).toBe(2);
    expect(failed.stderr).toContain('broken.asl.json');
    expect(failed.stderr).toContain('$.States.A');
  });

  it('with credentials, serves only SigV4 requests signed with them', async () => {
    const served = serve([
      '--port',
      '0',
      '--db',
      join(dir, 'unwind.db'),
      '--access-key-id',
      'AKIDUNWINDTEST',
      '--secret-access-key',
      'unwind-test-secret',
    ]);
    await bounded(served.started, 60_000, 'the serving line');
    const signed = new SFNClient({
      endpoint: served.url,
      region: REGION,
      credentials: { accessKeyId: 'AKIDUNWINDTEST', secretAccessKey: 'unwind-test-secret' },
      maxAttempts: 1,
    });
    expect((await signed.send(new ListStateMachinesCommand({}))).stateMachines).toEqual([]);
    signed.destroy();
    const wrong = new SFNClient({
      endpoint: served.url,
      region: REGION,
      credentials: { accessKeyId: 'AKIDUNWINDTEST', secretAccessKey: 'not-the-secret' },
      maxAttempts: 1,
    });
    const error = await wrong.send(new ListStateMachinesCommand({})).then(
      () => undefined,
      (caught: unknown) => caught as Error,
    );
    wrong.destroy();
    expect(error?.name).toBe('InvalidSignatureException');
    served.process.kill('SIGTERM');
    expect(await bounded(served.exit, 30_000, 'exit after SIGTERM')).toBe(0);
  });
});
