import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SFNClient } from '@aws-sdk/client-sfn';
import { REGION } from './api-server-fixture.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));

/**
 * A copy of the real `bin/unwind.js` in `dir`, next to a `dist` shim that imports the TypeScript
 * sources (through tsx), so that the child runs the current code without a build.
 */
export function installBin(dir: string): string {
  const bin = join(dir, 'bin', 'unwind.js');
  if (existsSync(bin)) return bin;
  mkdirSync(join(dir, 'bin'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  mkdirSync(join(dir, 'dist', 'src', 'cli'), { recursive: true });
  copyFileSync(join(repo, 'bin', 'unwind.js'), bin);
  const main = pathToFileURL(join(repo, 'src', 'cli', 'main.ts')).href;
  writeFileSync(join(dir, 'dist', 'src', 'cli', 'main.js'), `await import(${JSON.stringify(main)});\n`);
  return bin;
}

/** A running `unwind serve` child: `started` resolves once it printed its URL. */
export class ServeProcess {
  url = '';
  firstLine = '';
  stdout = '';
  stderr = '';
  readonly process: ChildProcess;
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly started: Promise<void>;

  constructor(dir: string, args: string[], env: Record<string, string> = {}) {
    this.process = spawn(process.execPath, ['--import', 'tsx', installBin(dir), 'serve', ...args], {
      cwd: repo,
      env: { ...process.env, UNWIND_ACCESS_KEY_ID: '', UNWIND_SECRET_ACCESS_KEY: '', SFN_MOCK_CONFIG: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const child = this.process;
    this.exit = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
    child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.started = new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        this.stdout += chunk.toString();
        const match = /^unwind: serving the Step Functions API at (\S+) .*$/m.exec(this.stdout);
        if (match && !this.url) {
          this.url = match[1]!;
          this.firstLine = match[0];
          resolve();
        }
      });
      void this.exit.then(({ code, signal }) =>
        reject(new Error(`unwind serve exited with ${code ?? signal}: ${this.stderr}`)),
      );
    });
    this.started.catch(() => undefined);
  }

  /** SIGKILL (no shutdown of any kind) and wait until the process is gone. */
  async kill(): Promise<void> {
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill('SIGKILL');
    await this.exit;
  }
}

export function bounded<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export function sfnClient(url: string): SFNClient {
  return new SFNClient({
    endpoint: url,
    region: REGION,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'dummy' },
    disableHostPrefix: true,
    maxAttempts: 1,
  });
}
