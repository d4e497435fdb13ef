import type { PgBenchParams } from './bench-args.js';
import type { DbosResult, DbosRunResult } from './measure-dbos.js';
import type { ScalingResult } from './measure-pg-scaling.js';
import type { ThroughputResult } from './measure-throughput.js';
import { formatTable, round, type Machine } from './report.js';
import { SAGA_STEPS, TRANSITIONS_PER_SAGA } from './saga-definition.js';

/** Reported, not asserted. */
export const PG_TARGETS = {
  /** Unwind's executions/s over DBOS's, at the highest concurrency. */
  throughputRatio: 10,
  /** Aggregate executions/s with N processes over 1 process, divided by N. */
  scalingEfficiency: 0.8,
} as const;

/** The server the bench ran on, as it reports itself. */
export interface PostgresServer {
  version: string;
  synchronous_commit: string;
  fsync: string;
  wal_sync_method: string;
  shared_buffers: string;
  max_connections: number;
  /** `pg_postmaster_start_time()` at the start of the bench (epoch ms). */
  started_at: number;
  /** True when the server restarted while the bench ran: its figures are then not to be trusted. */
  restarted_during_run?: boolean;
}

export interface PgBenchResults {
  machine: Machine;
  postgres: PostgresServer;
  params: PgBenchParams;
  /** One closed loop per concurrency, ascending. */
  unwind: ThroughputResult[];
  /** Undefined when skipped; `dbosError` says why when it failed. */
  dbos?: DbosResult;
  dbosError?: string;
  scaling: ScalingResult[];
}

type FigureName =
  | 'executions_per_s'
  | 'p50_ms'
  | 'p99_ms'
  | 'statements_per_execution'
  | 'db_commits_per_execution'
  | 'client_cpu_ms_per_execution'
  | 'server_cpu_ms_per_execution';
type Figures = Record<FigureName, number | null>;

function unwindFigures(run: ThroughputResult): Figures & { transitions_per_commit: number } {
  return {
    executions_per_s: round(run.executionsPerS, 1),
    p50_ms: round(run.p50Ms, 3),
    p99_ms: round(run.p99Ms, 3),
    statements_per_execution: round(run.statementsPerExecution ?? Number.NaN, 2),
    db_commits_per_execution: round(run.dbCommitsPerExecution, 3),
    transitions_per_commit: round(run.transitionsPerCommit, 2),
    client_cpu_ms_per_execution: round(run.clientCpuMsPerExecution, 3),
    server_cpu_ms_per_execution: round(run.serverCpuMsPerExecution ?? Number.NaN, 3),
  };
}

function dbosFigures(run: DbosRunResult | undefined): Figures | null {
  if (!run) return null;
  return {
    executions_per_s: round(run.executionsPerS, 1),
    p50_ms: round(run.p50Ms, 3),
    p99_ms: round(run.p99Ms, 3),
    statements_per_execution: round(run.statementsPerExecution, 2),
    db_commits_per_execution: round(run.commitsPerExecution, 3),
    client_cpu_ms_per_execution: round(run.clientCpuMsPerExecution, 3),
    server_cpu_ms_per_execution: round(run.serverCpuMsPerExecution ?? Number.NaN, 3),
  };
}

const ratioOf = (a: number | null | undefined, b: number | null | undefined): number | null =>
  a === null || a === undefined || b === null || b === undefined || b === 0 || !Number.isFinite(a / b)
    ? null
    : round(a / b, 2);

/** Client plus server CPU per execution; null when the server's share is unknown. */
const cpuOf = (figures: Figures): number | null =>
  figures.client_cpu_ms_per_execution === null || figures.server_cpu_ms_per_execution === null
    ? null
    : figures.client_cpu_ms_per_execution + figures.server_cpu_ms_per_execution;

const dbosRun = (results: PgBenchResults, concurrency: number): DbosRunResult | undefined =>
  results.dbos?.runs.find((run) => run.concurrency === concurrency);

const scalingRatio = (results: PgBenchResults, run: ScalingResult): number | null =>
  ratioOf(run.executionsPerS, results.scaling[0]?.executionsPerS);

export function pgTargetsMet(results: PgBenchResults) {
  const top = results.unwind.at(-1);
  const sequential = results.unwind.find((run) => run.concurrency === 1);
  const topDbos = top && dbosRun(results, top.concurrency);
  const sequentialDbos = dbosRun(results, 1);
  const last = results.scaling.at(-1);
  const lastRatio = last ? scalingRatio(results, last) : null;
  return {
    throughput_ratio: topDbos && top ? top.executionsPerS >= PG_TARGETS.throughputRatio * topDbos.executionsPerS : null,
    p50_below_dbos: sequential && sequentialDbos ? sequential.p50Ms < sequentialDbos.p50Ms : null,
    near_linear_scaling:
      last && lastRatio !== null && last.processes > 1
        ? lastRatio >= PG_TARGETS.scalingEfficiency * last.processes
        : null,
  };
}

export function pgHeader(results: Pick<PgBenchResults, 'machine' | 'postgres' | 'params'>): string {
  const { cpu, cores, memory_gib: memory, node, os, load_avg_1m: load } = results.machine;
  const server = results.postgres;
  return [
    `Unwind saga benchmark on PostgreSQL: ${SAGA_STEPS.length}-task saga (${TRANSITIONS_PER_SAGA} transitions), against DBOS Transact (${SAGA_STEPS.length} DBOS.runStep)`,
    `machine: ${cpu}, ${cores} cores, ${memory} GiB, Node ${node}, ${os}, load average ${load}`,
    `postgres: ${server.version}, synchronous_commit=${server.synchronous_commit}, fsync=${server.fsync}, wal_sync_method=${server.wal_sync_method}, shared_buffers=${server.shared_buffers}`,
    `unwind: ${redact(results.params.db)} (a fresh schema per measurement); dbos: ${redact(results.params.dbos_db)}`,
  ].join('\n');
}

/** The URL without its password. */
export function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

const show = (value: number | null | undefined): string | number =>
  value === null || value === undefined || Number.isNaN(value) ? '-' : value;

export function pgResultTables(results: PgBenchResults): string {
  const rows: (string | number)[][] = [];
  for (const run of results.unwind) {
    const unwind = unwindFigures(run);
    const dbos = dbosFigures(dbosRun(results, run.concurrency));
    const row = (label: string, key: FigureName): (string | number)[] => [
      `C=${run.concurrency} ${label}`,
      show(unwind[key]),
      show(dbos?.[key]),
      show(ratioOf(unwind[key], dbos?.[key])),
    ];
    rows.push(
      row('executions/s', 'executions_per_s'),
      row('p50_ms', 'p50_ms'),
      row('p99_ms', 'p99_ms'),
      row('statements/execution', 'statements_per_execution'),
      row('db commits/execution', 'db_commits_per_execution'),
      row('client cpu ms/execution', 'client_cpu_ms_per_execution'),
      row('server cpu ms/execution', 'server_cpu_ms_per_execution'),
    );
  }
  const versus = formatTable(['metric', 'unwind', 'dbos', 'unwind/dbos'], rows);
  const scaling = formatTable(
    [
      'engine processes',
      'execs',
      'C/process',
      'elapsed_s',
      'execs/s',
      'ratio to 1',
      'stmts/exec',
      'transitions/commit',
      'cpu ms/exec: client + server',
      'machine cpu busy %',
    ],
    results.scaling.map((run) => [
      String(run.processes),
      run.executions,
      run.concurrencyPerProcess,
      run.elapsedS,
      run.executionsPerS,
      show(scalingRatio(results, run)),
      run.statementsPerExecution,
      run.transitionsPerCommit,
      `${round(run.clientCpuMsPerExecution)} + ${show(round(run.serverCpuMsPerExecution ?? Number.NaN))}`,
      show(round(run.machineBusyPct ?? Number.NaN, 0)),
    ]),
  );
  const met = pgTargetsMet(results);
  const verdict = (ok: boolean | null): string => (ok === null ? 'n/a' : ok ? 'MET' : 'MISSED');
  const top = results.unwind.at(-1);
  const topDbos = top && dbosRun(results, top.concurrency);
  const last = results.scaling.at(-1);
  const sequential = results.unwind.find((run) => run.concurrency === 1);
  const targets = formatTable(
    ['target', 'measured', 'result'],
    [
      [
        `executions/s >= ${PG_TARGETS.throughputRatio}x DBOS at C=${top?.concurrency ?? '-'}`,
        `${show(ratioOf(top?.executionsPerS, topDbos?.executionsPerS))}x`,
        verdict(met.throughput_ratio),
      ],
      [
        'p50 below DBOS at C=1',
        `${show(round(sequential?.p50Ms ?? Number.NaN))} vs ${show(round(dbosRun(results, 1)?.p50Ms ?? Number.NaN))} ms`,
        verdict(met.p50_below_dbos),
      ],
      [
        `near-linear: ${last?.processes ?? '-'} processes >= ${PG_TARGETS.scalingEfficiency} x ${last?.processes ?? '-'} x 1 process`,
        `${show(last ? scalingRatio(results, last) : null)}x`,
        verdict(met.near_linear_scaling),
      ],
    ],
  );
  const notes = [
    "statements: counted on the client (Unwind: the store's statementCount; DBOS: every query() of its pg client), warm-up excluded.",
    'db commits: Unwind: group-commit batches; DBOS: COMMIT statements.',
    'cpu: client = the engine process (bench loop included); server = the PostgreSQL backends serving it (/proc).',
    'machine cpu busy %: all CPUs of the machine, whoever used them (/proc/stat), while the processes ran.',
    ...(results.dbosError ? [`DBOS peer failed: ${results.dbosError}`] : []),
    ...(results.postgres.restarted_during_run ? ['WARNING: the PostgreSQL server restarted during the run.'] : []),
  ];
  return [versus, scaling, targets, notes.join('\n')].join('\n\n');
}

/** The machine-readable last line. */
export function pgSummary(results: PgBenchResults): Record<string, unknown> {
  const byConcurrency = <T>(figures: (concurrency: number) => T): Record<string, T> =>
    Object.fromEntries(results.unwind.map((run) => [`c${run.concurrency}`, figures(run.concurrency)]));
  const unwindAt = (concurrency: number) =>
    unwindFigures(results.unwind.find((run) => run.concurrency === concurrency)!);
  const dbosAt = (concurrency: number) => dbosFigures(dbosRun(results, concurrency));
  return {
    db: 'postgresql',
    unwind: byConcurrency(unwindAt),
    dbos: results.dbos ? byConcurrency(dbosAt) : null,
    ratio_unwind_to_dbos: results.dbos
      ? byConcurrency((concurrency) => {
          const unwind = unwindAt(concurrency);
          const dbos = dbosAt(concurrency);
          return {
            executions_per_s: ratioOf(unwind.executions_per_s, dbos?.executions_per_s),
            p50_ms: ratioOf(unwind.p50_ms, dbos?.p50_ms),
            p99_ms: ratioOf(unwind.p99_ms, dbos?.p99_ms),
            statements_per_execution: ratioOf(unwind.statements_per_execution, dbos?.statements_per_execution),
            cpu_ms_per_execution: ratioOf(cpuOf(unwind), dbos ? cpuOf(dbos) : null),
          };
        })
      : null,
    scaling: results.scaling.map((run) => ({
      processes: run.processes,
      executions_per_s: round(run.executionsPerS, 1),
      ratio_to_1: scalingRatio(results, run),
      statements_per_execution: round(run.statementsPerExecution, 2),
      transitions_per_commit: round(run.transitionsPerCommit, 2),
      client_cpu_ms_per_execution: round(run.clientCpuMsPerExecution, 3),
      server_cpu_ms_per_execution: round(run.serverCpuMsPerExecution ?? Number.NaN, 3),
      machine_busy_pct: round(run.machineBusyPct ?? Number.NaN, 1),
      per_process_executions_per_s: run.shares.map((share) => round(share.executionsPerS, 1)),
    })),
    targets_met: pgTargetsMet(results),
    dbos_version: results.dbos?.dbos_version ?? null,
    dbos_error: results.dbosError ?? null,
    statements_counted: 'client side: Unwind store statementCount; DBOS pg Client.prototype.query calls',
    machine: results.machine,
    postgres: results.postgres,
    params: {
      ...results.params,
      db: redact(results.params.db),
      dbos_db: redact(results.params.dbos_db),
      saga_tasks: SAGA_STEPS.length,
      transitions_per_execution: TRANSITIONS_PER_SAGA,
    },
  };
}
