import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { busyPercent, machineCpuTicks } from './cpu-time.js';
import type { ProcessShareResult } from './pg-process-child.js';
import { dropSchema, freshSchemaName, openBenchPgStore } from './pg-bench-engine.js';

const CHILD = fileURLToPath(new URL('./pg-process-child.js', import.meta.url));
const TIMEOUT_MS = 120_000;

export interface ScalingRequest {
  processes: number;
  /** Executions of the run, shared evenly among the processes. */
  executions: number;
  /** Executions in flight in each process. */
  concurrency: number;
  /** Warm-up executions of each process, before the common start. */
  warmup: number;
}

export interface ScalingResult {
  processes: number;
  executions: number;
  concurrencyPerProcess: number;
  /** From the first process's start to the last one's end. */
  elapsedS: number;
  executionsPerS: number;
  statementsPerExecution: number;
  transitionsPerCommit: number;
  /** CPU time of all engine processes, and of all their backends (when readable), per execution. */
  clientCpuMsPerExecution: number;
  serverCpuMsPerExecution?: number;
  /** How busy all the machine's CPUs were (%) while the processes ran, whoever used them. */
  machineBusyPct?: number;
  shares: ProcessShareResult[];
}

/**
 * Runs `processes` engine processes against one fresh schema: each warms up, then all start at once
 * on their share of executions; the aggregate rate is all executions over the span of the runs.
 */
export async function measurePgScaling(url: string, request: ScalingRequest): Promise<ScalingResult> {
  const schema = freshSchemaName();
  await (await openBenchPgStore(url, schema)).close();
  const children: ShareProcess[] = [];
  try {
    for (let i = 0; i < request.processes; i++) {
      const share =
        Math.floor(request.executions / request.processes) + (i < request.executions % request.processes ? 1 : 0);
      children.push(new ShareProcess(url, schema, share, request.concurrency, request.warmup));
    }
    await Promise.all(children.map((child) => child.ready));
    const ticksBefore = machineCpuTicks();
    for (const child of children) child.go();
    const shares = await Promise.all(children.map((child) => child.result));
    const machineBusyPct = busyPercent(ticksBefore, machineCpuTicks());
    const start = Math.min(...shares.map((share) => share.startEpochMs));
    const end = Math.max(...shares.map((share) => share.endEpochMs));
    const elapsedS = (end - start) / 1000;
    const sum = (pick: (share: ProcessShareResult) => number): number =>
      shares.reduce((total, share) => total + pick(share), 0);
    return {
      processes: request.processes,
      executions: request.executions,
      concurrencyPerProcess: request.concurrency,
      elapsedS,
      executionsPerS: request.executions / elapsedS,
      statementsPerExecution: sum((share) => share.statements) / request.executions,
      transitionsPerCommit: sum((share) => share.transitions) / sum((share) => share.dbCommits),
      clientCpuMsPerExecution: sum((share) => share.clientCpuMs) / request.executions,
      ...(shares.every((share) => share.serverCpuMs !== undefined)
        ? { serverCpuMsPerExecution: sum((share) => share.serverCpuMs!) / request.executions }
        : {}),
      ...(machineBusyPct === undefined ? {} : { machineBusyPct }),
      shares,
    };
  } finally {
    for (const child of children) child.kill();
    await Promise.allSettled(children.map((child) => child.result));
    await dropSchema(url, schema);
  }
}

/** One child process: `ready` once it has warmed up, `result` once it has printed its figures. */
class ShareProcess {
  readonly ready: Promise<void>;
  readonly result: Promise<ProcessShareResult>;
  private readonly child: ChildProcess;

  constructor(url: string, schema: string, executions: number, concurrency: number, warmup: number) {
    this.child = spawn(
      process.execPath,
      [CHILD, url, schema, String(executions), String(concurrency), String(warmup)],
      { stdio: ['pipe', 'pipe', 'inherit'], timeout: TIMEOUT_MS },
    );
    // A child that died before `go` closes its stdin: the write must not crash the bench.
    this.child.stdin!.on('error', () => undefined);
    const lines: string[] = [];
    let markReady: () => void = () => undefined;
    this.ready = new Promise((resolve) => (markReady = resolve));
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      if (line.includes('"ready":true')) markReady();
      else lines.push(line);
    });
    this.result = new Promise((resolve, reject) => {
      this.child.on('error', reject);
      this.child.on('close', (code, signal) => {
        const last = lines.at(-1) ?? '';
        if (code !== 0 || !last.startsWith('{')) {
          reject(new Error(`engine process failed (exit ${code ?? signal}): ${lines.join('\n').slice(-500)}`));
        } else resolve(JSON.parse(last) as ProcessShareResult);
      });
    });
    // A child that dies before it is ready must not leave `ready` pending forever.
    this.result.then(markReady, markReady);
  }

  go(): void {
    this.child.stdin!.end('go\n');
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill();
  }
}
