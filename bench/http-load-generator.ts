/**
 * Load generator of the HTTP benchmark (`bench/http-bench.ts`), run as a process of its own (forked
 * from the bench, with an IPC channel) so that it does not share an event loop with the server. It
 * speaks raw awsJson1_0 over keep-alive HTTP/1.1 (no SDK: no signing, no middleware stack), creates
 * the state machines through the API, runs the phases and sends one `LoadResult` message back.
 * Usage: forked by `http-bench.ts`, which sends it one `LoadRequest` message.
 */
import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { percentile } from './percentile.js';
import { SAGA_INPUT, sagaDefinitionText } from './saga-definition.js';

export interface LoadRequest {
  /** Base URL of `unwind serve`, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** pid of the server, for its CPU time (`/proc/<pid>/stat`). */
  serverPid: number;
  concurrency: number;
  /** StartExecution requests of the loaded phase. */
  executions: number;
  /** Uncounted executions first, at the same concurrency (JIT, SQLite pages). */
  warmup: number;
  /** Sequential StartExecution round trips (C = 1) for latency. */
  sequential: number;
  /** Longest wait for the executions of a phase to finish, after its last start. */
  drainTimeoutMs: number;
}

export interface LoadedPhase {
  executions: number;
  concurrency: number;
  /** First StartExecution sent to last response received. */
  startSeconds: number;
  startsPerS: number;
  startP50Ms: number;
  startP99Ms: number;
  /** First StartExecution sent to the latest `stopDate` of the phase's executions. */
  finishSeconds: number;
  executionsPerS: number;
  /** Executions that had finished when the last StartExecution was answered. */
  finishedDuringStarts: number;
  succeeded: number;
  /** Executions not SUCCEEDED when the phase ended (failed, or still running at the drain timeout). */
  notSucceeded: number;
  serverCpuMsPerExecution?: number;
  generatorCpuMsPerExecution: number;
  /** From the server's `/metrics`, over the phase: group-commit database transactions, their size and time. */
  commitBatches?: number;
  transitionsPerBatch?: number;
  /** Share of the phase's wall time spent writing batches (`unwind_commit_duration_seconds_sum`). */
  commitBusyShare?: number;
  /**
   * The server's main thread over the phase (`/proc/<pid>/task/<pid>/schedstat`): the share of wall
   * time it ran on a CPU, and the share it was runnable but waiting for one (other processes' load).
   * The rest it was blocked: in fsync, or idle in epoll.
   */
  mainThreadOnCpuShare?: number;
  mainThreadRunQueueShare?: number;
  /** CPU time of the server's main thread (event loop, and SQLite, which runs on it) per execution. */
  mainThreadCpuMsPerExecution?: number;
}

export interface LoadResult {
  sequential: { requests: number; p50Ms: number; p99Ms: number; maxMs: number };
  loaded: LoadedPhase;
}

const AMZ_JSON = 'application/x-amz-json-1.0';
const ROLE_ARN = 'arn:aws:iam::123456789012:role/unwind-bench';
const POLL_MS = 20;

/** One awsJson1_0 operation over a keep-alive connection pool; rejects with the API error on non-200. */
class AwsJsonClient {
  private readonly agent: Agent;
  private readonly url: URL;

  constructor(url: string, sockets: number) {
    this.url = new URL(url);
    this.agent = new Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
  }

  call<T>(operation: string, body: unknown): Promise<T> {
    const payload = Buffer.from(JSON.stringify(body));
    return new Promise<T>((resolve, reject) => {
      const req = httpRequest(
        {
          agent: this.agent,
          host: this.url.hostname,
          port: this.url.port,
          method: 'POST',
          path: '/',
          headers: {
            'Content-Type': AMZ_JSON,
            'X-Amz-Target': `AWSStepFunctions.${operation}`,
            'Content-Length': payload.length,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if (res.statusCode === 200) resolve(JSON.parse(text) as T);
            else reject(new Error(`${operation}: HTTP ${res.statusCode}: ${text}`));
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** GET `path` as text (the `/metrics` page). */
  get(path: string): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const req = httpRequest({ agent: this.agent, host: this.url.hostname, port: this.url.port, path }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

interface CommitCounters {
  batches: number;
  transitions: number;
  seconds: number;
}

/** The group-commit counters of the server's Prometheus page; undefined when it has none. */
async function commitCounters(client: AwsJsonClient): Promise<CommitCounters | undefined> {
  const text = await client.get('/metrics').catch(() => '');
  const value = (name: string): number | undefined => {
    const line = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text);
    return line ? Number(line[1]) : undefined;
  };
  const batches = value('unwind_commit_batch_size_count');
  const transitions = value('unwind_commit_batch_size_sum');
  const seconds = value('unwind_commit_duration_seconds_sum');
  if (batches === undefined || transitions === undefined || seconds === undefined) return undefined;
  return { batches, transitions, seconds };
}

function commitFigures(
  before: CommitCounters | undefined,
  after: CommitCounters | undefined,
  wallSeconds: number,
): Pick<LoadedPhase, 'commitBatches' | 'transitionsPerBatch' | 'commitBusyShare'> {
  if (!before || !after) return {};
  const batches = after.batches - before.batches;
  return {
    commitBatches: batches,
    transitionsPerBatch: (after.transitions - before.transitions) / batches,
    commitBusyShare: (after.seconds - before.seconds) / wallSeconds,
  };
}

interface ListedExecution {
  status: string;
  startDate: number;
  stopDate?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function cpuMsOf(pid: number): number | undefined {
  try {
    // utime and stime are fields 14 and 15, in clock ticks of 10 ms; the command name may hold spaces.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/** Nanoseconds the thread `pid` (a process's main thread) ran, and waited runnable for a CPU. */
function schedStatOf(pid: number): { runNs: number; waitNs: number } | undefined {
  try {
    const [runNs, waitNs] = readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ').map(Number);
    return runNs === undefined || waitNs === undefined ? undefined : { runNs, waitNs };
  } catch {
    return undefined;
  }
}

function schedFigures(
  before: ReturnType<typeof schedStatOf>,
  after: ReturnType<typeof schedStatOf>,
  wallSeconds: number,
  executions: number,
): Pick<LoadedPhase, 'mainThreadOnCpuShare' | 'mainThreadRunQueueShare' | 'mainThreadCpuMsPerExecution'> {
  if (!before || !after) return {};
  return {
    mainThreadCpuMsPerExecution: (after.runNs - before.runNs) / 1e6 / executions,
    mainThreadOnCpuShare: (after.runNs - before.runNs) / 1e9 / wallSeconds,
    mainThreadRunQueueShare: (after.waitNs - before.waitNs) / 1e9 / wallSeconds,
  };
}

function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

async function createStateMachine(client: AwsJsonClient, name: string): Promise<string> {
  const created = await client.call<{ stateMachineArn: string }>('CreateStateMachine', {
    name,
    definition: sagaDefinitionText(),
    roleArn: ROLE_ARN,
  });
  return created.stateMachineArn;
}

/** Keeps `concurrency` StartExecution requests in flight until `count` were answered; returns their latencies. */
async function startMany(client: AwsJsonClient, arn: string, count: number, concurrency: number): Promise<number[]> {
  const input = JSON.stringify(SAGA_INPUT);
  const latencies: number[] = [];
  let sent = 0;
  const worker = async (): Promise<void> => {
    while (sent < count) {
      sent += 1;
      const t0 = performance.now();
      await client.call('StartExecution', { stateMachineArn: arn, input });
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return latencies;
}

/** Polls ListExecutions (RUNNING, one item) until the state machine has no running execution, or the timeout. */
async function waitUntilIdle(client: AwsJsonClient, arn: string, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const page = await client.call<{ executions: unknown[] }>('ListExecutions', {
      stateMachineArn: arn,
      statusFilter: 'RUNNING',
      maxResults: 1,
    });
    if (page.executions.length === 0) return;
    await sleep(POLL_MS);
  }
}

/** Every execution of a state machine (ListExecutions, pages of 1000). */
async function listAll(client: AwsJsonClient, arn: string): Promise<ListedExecution[]> {
  const all: ListedExecution[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.call<{ executions: ListedExecution[]; nextToken?: string }>('ListExecutions', {
      stateMachineArn: arn,
      maxResults: 1000,
      ...(nextToken ? { nextToken } : {}),
    });
    all.push(...page.executions);
    nextToken = page.nextToken;
  } while (nextToken);
  return all;
}

async function loadedPhase(client: AwsJsonClient, arn: string, request: LoadRequest): Promise<LoadedPhase> {
  const countersBefore = await commitCounters(client);
  const serverCpuBefore = cpuMsOf(request.serverPid);
  const schedBefore = schedStatOf(request.serverPid);
  const ownCpuBefore = ownCpuMs();
  const t0Wall = Date.now();
  const t0 = performance.now();
  const latencies = await startMany(client, arn, request.executions, request.concurrency);
  const startSeconds = (performance.now() - t0) / 1000;
  const startsDoneWall = Date.now();
  await waitUntilIdle(client, arn, request.drainTimeoutMs);
  const serverCpuAfter = cpuMsOf(request.serverPid);
  const schedAfter = schedStatOf(request.serverPid);
  const ownCpuMsUsed = ownCpuMs() - ownCpuBefore;
  const phaseSeconds = (performance.now() - t0) / 1000;
  const countersAfter = await commitCounters(client);
  const executions = await listAll(client, arn);
  const stopDatesMs = executions.flatMap((execution) => (execution.stopDate ? [execution.stopDate * 1000] : []));
  const lastStopMs = stopDatesMs.reduce((latest, stop) => Math.max(latest, stop), t0Wall);
  const succeeded = executions.filter((execution) => execution.status === 'SUCCEEDED').length;
  const finishSeconds = (lastStopMs - t0Wall) / 1000;
  return {
    executions: request.executions,
    concurrency: request.concurrency,
    startSeconds,
    startsPerS: request.executions / startSeconds,
    startP50Ms: percentile(latencies, 50),
    startP99Ms: percentile(latencies, 99),
    finishSeconds,
    // Only what finished counts; an execution still running at the drain timeout is left out.
    executionsPerS: succeeded / finishSeconds,
    finishedDuringStarts: stopDatesMs.filter((stop) => stop <= startsDoneWall).length,
    succeeded,
    notSucceeded: request.executions - succeeded,
    ...(serverCpuBefore === undefined || serverCpuAfter === undefined
      ? {}
      : { serverCpuMsPerExecution: (serverCpuAfter - serverCpuBefore) / request.executions }),
    generatorCpuMsPerExecution: ownCpuMsUsed / request.executions,
    ...commitFigures(countersBefore, countersAfter, phaseSeconds),
    ...schedFigures(schedBefore, schedAfter, phaseSeconds, request.executions),
  };
}

/** Warm-up, then C = 1 latency, then the loaded phase; each phase on its own state machine and drained before the next. */
export async function runLoad(request: LoadRequest): Promise<LoadResult> {
  const client = new AwsJsonClient(request.url, request.concurrency);
  try {
    const [warmupArn, sequentialArn, loadArn] = await Promise.all(
      ['bench-warmup', 'bench-sequential', 'bench-loaded'].map((name) => createStateMachine(client, name)),
    );
    await startMany(client, warmupArn!, request.warmup, request.concurrency);
    await waitUntilIdle(client, warmupArn!, request.drainTimeoutMs);
    const sequential = await startMany(client, sequentialArn!, request.sequential, 1);
    await waitUntilIdle(client, sequentialArn!, request.drainTimeoutMs);
    const loaded = await loadedPhase(client, loadArn!, request);
    return {
      sequential: {
        requests: sequential.length,
        p50Ms: percentile(sequential, 50),
        p99Ms: percentile(sequential, 99),
        maxMs: percentile(sequential, 100),
      },
      loaded,
    };
  } finally {
    client.close();
  }
}

if (process.send) {
  process.once('message', (message: LoadRequest) => {
    runLoad(message).then(
      (result) => process.send!({ result }, () => process.disconnect()),
      (error: unknown) =>
        process.send!({ error: error instanceof Error ? error.message : String(error) }, () => process.disconnect()),
    );
  });
}
