import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The figures of one closed loop of the DBOS peer (`bench/dbos/dbos-peer.mjs`). */
export interface DbosRunResult {
  executions: number;
  concurrency: number;
  elapsedS: number;
  executionsPerS: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Statements DBOS's `pg` client sent during the loop (counted on the client, as Unwind's). */
  statements: number;
  statementsPerExecution: number;
  /** `COMMIT`s among them: database transactions per workflow. */
  commitsPerExecution: number;
  /** CPU time of the peer process, and of the backends serving it (when readable), per workflow. */
  clientCpuMsPerExecution: number;
  serverCpuMsPerExecution?: number;
}

export interface DbosResult {
  dbos_version: string;
  pg_version: string;
  launchMs: number;
  runs: DbosRunResult[];
}

export interface DbosRequest {
  systemDatabaseUrl: string;
  schema: string;
  runs: { concurrency: number; executions: number; warmup: number }[];
}

const TIMEOUT_MS = 180_000;

/**
 * `bench/dbos` (its own package, so that the DBOS SDK never becomes a dependency of the engine).
 * The compiled bench runs from `dist/bench`, the sources from `bench`.
 */
export function dbosPeerDir(): string {
  const candidates = ['../../bench/dbos/', './dbos/'].map((path) => fileURLToPath(new URL(path, import.meta.url)));
  const found = candidates.find((dir) => existsSync(`${dir}package.json`));
  if (!found) throw new Error(`the DBOS peer package is missing (looked in ${candidates.join(', ')})`);
  return found;
}

/** Installs the peer's dependencies when `bench/dbos/node_modules` is missing. */
export function ensureDbosInstalled(dir: string): void {
  if (existsSync(`${dir}node_modules/@dbos-inc/dbos-sdk`)) return;
  process.stdout.write(`installing the DBOS peer: npm install --prefix ${dir} --no-audit --no-fund\n`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const installed = spawnSync(npm, ['install', '--prefix', dir, '--no-audit', '--no-fund'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    timeout: 300_000,
  });
  if (installed.status !== 0) throw new Error(`npm install of the DBOS peer failed (exit ${installed.status})`);
}

/**
 * Runs the DBOS peer in its own process on `request.runs`, in that order. `--no-deprecation` hides
 * node-postgres' warning about DBOS queueing a query on a busy client.
 */
export function measureDbos(request: DbosRequest): Promise<DbosResult> {
  const dir = dbosPeerDir();
  ensureDbosInstalled(dir);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--no-deprecation', `${dir}dbos-peer.mjs`, JSON.stringify(request)], {
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: TIMEOUT_MS,
    });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const last = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0 || !last.startsWith('{')) {
        reject(new Error(`DBOS peer failed (exit ${code ?? signal}): ${stdout.slice(-500)}`));
        return;
      }
      resolve(JSON.parse(last) as DbosResult);
    });
  });
}
