/**
 * HTTP benchmark of `unwind serve`: the real server (`bin/unwind.js serve`, a child process) on a fresh
 * SQLite file, and a load generator in another process (`http-load-generator.ts`) sending raw
 * awsJson1_0 StartExecution requests over keep-alive HTTP. Runs the 5-task saga of `saga-bench.ts`.
 * Usage: npm run build && npm run bench -- --http [--executions 2000] [--concurrency 50] [--runs 3]
 *        [--sequential 100] [--warmup 200] [--dir <parent of the temporary directory>] [--cpu-prof <dir>]
 * This module also exports the saga's `handlers`: the server loads them with `--handlers` on this file.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { LoadRequest, LoadResult } from './http-load-generator.js';
import { median } from './percentile.js';
import { describeMachine, formatTable, round } from './report.js';
import { sagaHandlers } from './saga-definition.js';

/** The saga's no-op task handlers, for `unwind serve --handlers dist/bench/http-bench.js`. */
export const handlers = sagaHandlers;

const THIS_FILE = fileURLToPath(import.meta.url);
const GENERATOR = fileURLToPath(new URL('./http-load-generator.js', import.meta.url));
const UNWIND_BIN = fileURLToPath(new URL('../../bin/unwind.js', import.meta.url));
const READY_LINE = /serving the Step Functions API at (http:\/\/\S+)/;
const SERVER_START_TIMEOUT_MS = 20_000;
const SERVER_STOP_TIMEOUT_MS = 10_000;
const RUN_TIMEOUT_MS = 30_000;

export interface HttpBenchParams {
  executions: number;
  concurrency: number;
  sequential: number;
  warmup: number;
  runs: number;
  dir: string;
  /** Directory for the server's `--cpu-prof` profiles (one per run); off when absent. */
  cpu_prof?: string;
}

export function parseHttpBenchArgs(args: string[]): HttpBenchParams {
  const { values } = parseArgs({
    args,
    options: {
      http: { type: 'boolean', default: true },
      executions: { type: 'string', default: '2000' },
      concurrency: { type: 'string', default: '50' },
      sequential: { type: 'string', default: '100' },
      warmup: { type: 'string', default: '200' },
      runs: { type: 'string', default: '3' },
      dir: { type: 'string', default: tmpdir() },
      'cpu-prof': { type: 'string' },
    },
  });
  const count = (name: 'executions' | 'concurrency' | 'sequential' | 'warmup' | 'runs', min: number): number => {
    const value = Number(values[name]);
    if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be an integer >= ${min}`);
    return value;
  };
  return {
    executions: count('executions', 1),
    concurrency: count('concurrency', 1),
    sequential: count('sequential', 1),
    warmup: count('warmup', 0),
    runs: count('runs', 1),
    dir: values.dir,
    ...(values['cpu-prof'] ? { cpu_prof: resolve(values['cpu-prof']) } : {}),
  };
}

interface Server {
  child: ChildProcess;
  url: string;
}

/** The child's environment without the variables that would make the server demand signed requests. */
function serverEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.UNWIND_ACCESS_KEY_ID;
  delete env.UNWIND_SECRET_ACCESS_KEY;
  return env;
}

/** `unwind serve` on 127.0.0.1, a free port, and `dir/unwind.db`; its stdout (the request log) goes to `dir/serve.log`. */
async function startServer(dir: string, cpuProfDir: string | undefined): Promise<Server> {
  const logFile = join(dir, 'serve.log');
  const log = openSync(logFile, 'w');
  const flags = cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : [];
  const args = [...flags, UNWIND_BIN, 'serve', '--host', '127.0.0.1', '--port', '0'];
  const child = spawn(process.execPath, [...args, '--db', join(dir, 'unwind.db'), '--handlers', THIS_FILE], {
    stdio: ['ignore', log, 'pipe'],
    env: serverEnv(),
  });
  closeSync(log);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const deadline = performance.now() + SERVER_START_TIMEOUT_MS;
  while (performance.now() < deadline) {
    const ready = READY_LINE.exec(readFileSync(logFile, 'utf8'));
    if (ready) return { child, url: ready[1]! };
    if (child.exitCode !== null) throw new Error(`unwind serve exited with ${child.exitCode}: ${stderr.trim()}`);
    await new Promise((done) => setTimeout(done, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`unwind serve did not start within ${SERVER_START_TIMEOUT_MS} ms: ${stderr.trim()}`);
}

/** SIGTERM (a clean shutdown, which writes the CPU profile), then SIGKILL if it hangs. */
function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const force = setTimeout(() => child.kill('SIGKILL'), SERVER_STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(force);
      done();
    });
    child.kill('SIGTERM');
  });
}

/** Forks the load generator, sends it `request`, and waits (bounded) for its result. */
function generateLoad(request: LoadRequest): Promise<LoadResult> {
  const child = fork(GENERATOR, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise<LoadResult>((done, fail) => {
    const timeout = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`the load generator did not finish within ${RUN_TIMEOUT_MS} ms`));
    }, RUN_TIMEOUT_MS);
    child.once('message', (message: { result?: LoadResult; error?: string }) => {
      clearTimeout(timeout);
      if (message.result) done(message.result);
      else fail(new Error(`load generator: ${message.error}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timeout);
      fail(new Error(`the load generator exited with ${code} before answering`));
    });
    child.send(request);
  });
}

/** One run: a fresh database and server, the load generator's phases, then the server stopped and the files removed. */
async function runOnce(params: HttpBenchParams): Promise<LoadResult> {
  const dir = mkdtempSync(join(params.dir, 'unwind-http-bench-'));
  try {
    const server = await startServer(dir, params.cpu_prof);
    try {
      return await generateLoad({
        url: server.url,
        serverPid: server.child.pid!,
        concurrency: params.concurrency,
        executions: params.executions,
        warmup: params.warmup,
        sequential: params.sequential,
        drainTimeoutMs: 10_000,
      });
    } finally {
      await stopServer(server.child);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type Figure = [label: string, value: (result: LoadResult) => number | undefined];

const FIGURES: Figure[] = [
  ['StartExecution requests/s (C)', (r) => r.loaded.startsPerS],
  ['executions finished/s (C)', (r) => r.loaded.executionsPerS],
  ['StartExecution p50 ms (C)', (r) => r.loaded.startP50Ms],
  ['StartExecution p99 ms (C)', (r) => r.loaded.startP99Ms],
  ['StartExecution p50 ms (C=1)', (r) => r.sequential.p50Ms],
  ['StartExecution p99 ms (C=1)', (r) => r.sequential.p99Ms],
  ['seconds of starts', (r) => r.loaded.startSeconds],
  ['seconds, first start to last finish', (r) => r.loaded.finishSeconds],
  ['finished while starting', (r) => r.loaded.finishedDuringStarts],
  ['not SUCCEEDED', (r) => r.loaded.notSucceeded],
  ['transitions per commit batch', (r) => r.loaded.transitionsPerBatch],
  ['% of wall time writing batches', (r) => mapDefined(r.loaded.commitBusyShare, (share) => 100 * share)],
  ['% of wall time main thread on CPU', (r) => mapDefined(r.loaded.mainThreadOnCpuShare, (share) => 100 * share)],
  ['% of wall time waiting for a CPU', (r) => mapDefined(r.loaded.mainThreadRunQueueShare, (share) => 100 * share)],
  ['main thread CPU ms per execution', (r) => r.loaded.mainThreadCpuMsPerExecution],
  ['server CPU ms per execution', (r) => r.loaded.serverCpuMsPerExecution],
  ['generator CPU ms per execution', (r) => r.loaded.generatorCpuMsPerExecution],
];

function mapDefined(value: number | undefined, map: (value: number) => number): number | undefined {
  return value === undefined ? undefined : map(value);
}

function medianOf(results: readonly LoadResult[], value: Figure[1]): number {
  const values = results.map(value).filter((v): v is number => v !== undefined);
  return values.length === 0 ? Number.NaN : median(values);
}

function table(params: HttpBenchParams, results: readonly LoadResult[]): string {
  const headers = ['figure', 'median', ...results.map((_, i) => `run ${i + 1}`)];
  const rows = FIGURES.map(([label, value]) => [
    label.replace('(C)', `(C=${params.concurrency})`),
    medianOf(results, value),
    ...results.map((result) => value(result) ?? Number.NaN),
  ]);
  return formatTable(headers, rows);
}

/** Runs `params.runs` independent runs; prints a table and one JSON line (the medians) last. */
export async function runHttpBench(params: HttpBenchParams): Promise<void> {
  const machine = describeMachine();
  process.stdout.write(
    `Unwind HTTP bench: unwind serve (SQLite, WAL, synchronous=FULL) and a separate load generator process\n` +
      `${machine.cpu}, ${machine.cores} cores, ${machine.memory_gib} GiB, Node ${machine.node}, ${machine.os}, ` +
      `load average ${machine.load_avg_1m}\n` +
      `${params.runs} runs of: ${params.warmup} warm-up, ${params.sequential} at C=1, ${params.executions} at C=${params.concurrency}\n\n`,
  );
  const results: LoadResult[] = [];
  for (let run = 1; run <= params.runs; run += 1) {
    results.push(await runOnce(params));
    process.stdout.write(`run ${run}: ${round(results[run - 1]!.loaded.executionsPerS, 0)} executions/s\n`);
  }
  const executionsPerS = medianOf(results, (r) => r.loaded.executionsPerS);
  process.stdout.write(`\n${table(params, results)}\n\n`);
  const summary = {
    bench: 'http',
    starts_per_s: round(
      medianOf(results, (r) => r.loaded.startsPerS),
      0,
    ),
    executions_per_s: round(executionsPerS, 0),
    start_p50_ms: round(medianOf(results, (r) => r.loaded.startP50Ms)),
    start_p99_ms: round(medianOf(results, (r) => r.loaded.startP99Ms)),
    c1_start_p50_ms: round(medianOf(results, (r) => r.sequential.p50Ms)),
    c1_start_p99_ms: round(medianOf(results, (r) => r.sequential.p99Ms)),
    server_cpu_ms_per_execution: round(medianOf(results, (r) => r.loaded.serverCpuMsPerExecution)),
    main_thread_cpu_ms_per_execution: round(medianOf(results, (r) => r.loaded.mainThreadCpuMsPerExecution)),
    main_thread_on_cpu_share: round(medianOf(results, (r) => r.loaded.mainThreadOnCpuShare)),
    main_thread_run_queue_share: round(medianOf(results, (r) => r.loaded.mainThreadRunQueueShare)),
    transitions_per_batch: round(
      medianOf(results, (r) => r.loaded.transitionsPerBatch),
      1,
    ),
    commit_busy_share: round(medianOf(results, (r) => r.loaded.commitBusyShare)),
    targets_met: { executions_per_s_1000: executionsPerS >= 1000 },
    machine: { ...machine, load_avg_1m_end: describeMachine().load_avg_1m },
    params,
    runs: results,
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}
