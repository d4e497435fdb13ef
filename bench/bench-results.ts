import type { ParkedMemoryResult } from './parked-child.js';
import type { ThroughputResult } from './measure-throughput.js';
import type { BenchParams } from './bench-args.js';
import { formatTable, round, type Machine } from './report.js';
import { SAGA_STEPS, TRANSITIONS_PER_SAGA } from './saga-definition.js';

export const TARGETS = { executionsPerS: 2000, p50Ms: 3, parkedRssMb: 200 } as const;

export interface BenchResults {
  machine: Machine;
  params: BenchParams;
  fsyncPerS: number;
  /** The closed loop at the requested concurrency. */
  loaded: ThroughputResult;
  /** The closed loop at concurrency 1 (latency). */
  sequential: ThroughputResult;
  parked: ParkedMemoryResult;
}

export function targetsMet({ loaded, sequential, parked, fsyncPerS }: BenchResults) {
  return {
    executions_per_s: loaded.executionsPerS >= TARGETS.executionsPerS,
    transitions_above_fsync: loaded.transitionsPerS > fsyncPerS,
    p50_ms: sequential.p50Ms < TARGETS.p50Ms,
    parked_rss_mb: parked.rssMb < TARGETS.parkedRssMb,
  };
}

export function header(machine: Machine, dir: string): string {
  const { cpu, cores, memory_gib: memory, node, os, load_avg_1m: load } = machine;
  return [
    `Unwind saga benchmark: ${SAGA_STEPS.length}-task saga (${TRANSITIONS_PER_SAGA} transitions), SQLite WAL synchronous=FULL`,
    `machine: ${cpu}, ${cores} cores, ${memory} GiB, Node ${node}, ${os}, load average ${load}`,
    `temp dir: ${dir}`,
  ].join('\n');
}

/** The human-readable part of the output: runs, other measurements, targets. */
export function resultTables(results: BenchResults): string {
  const { loaded, sequential, parked, fsyncPerS, params } = results;
  const runRow = (label: string, run: ThroughputResult): (string | number)[] => [
    label,
    run.executions,
    run.concurrency,
    run.elapsedS,
    run.executionsPerS,
    run.transitionsPerS,
    run.p50Ms,
    run.p99Ms,
    run.maxMs,
    run.dbCommitsPerExecution,
    run.transitionsPerCommit,
  ];
  const runs = formatTable(
    [
      'run',
      'execs',
      'C',
      'elapsed_s',
      'execs/s',
      'transitions/s',
      'p50_ms',
      'p99_ms',
      'max_ms',
      'db_commits/exec',
      'transitions/commit',
    ],
    [runRow('closed loop', loaded), runRow('sequential', sequential)],
  );
  const others = formatTable(
    ['other measurement', 'value'],
    [
      ['fsync_per_s (4 KiB write + fdatasync, same disk)', fsyncPerS],
      ['parked executions (Wait 3600 s) RUNNING in db', `${parked.parkedInDatabase} / ${parked.executions}`],
      ['parked rss_mb (after forced GC)', parked.rssMb],
      ['parked heap_used_mb', parked.heapUsedMb],
      ['rss_mb before parking / growth', `${round(parked.baselineRssMb)} / +${round(parked.rssDeltaMb)}`],
      ['time to park them (s)', parked.parkSeconds],
    ],
  );
  const met = targetsMet(results);
  const verdict = (ok: boolean): string => (ok ? 'MET' : 'MISSED');
  const targets = formatTable(
    ['target', 'measured', 'result'],
    [
      [
        `executions_per_s >= ${TARGETS.executionsPerS} at C=${params.concurrency}`,
        loaded.executionsPerS,
        verdict(met.executions_per_s),
      ],
      [
        `transitions_per_s > fsync_per_s (${round(fsyncPerS, 0)})`,
        loaded.transitionsPerS,
        verdict(met.transitions_above_fsync),
      ],
      [`p50_ms < ${TARGETS.p50Ms} at C=1`, sequential.p50Ms, verdict(met.p50_ms)],
      [
        `rss_mb < ${TARGETS.parkedRssMb} with ${params.parked_executions} parked`,
        parked.rssMb,
        verdict(met.parked_rss_mb),
      ],
    ],
  );
  return [runs, others, targets].join('\n\n');
}

/** The machine-readable last line. */
export function summary(results: BenchResults): Record<string, unknown> {
  const { loaded, sequential, parked, fsyncPerS, machine, params } = results;
  return {
    executions_per_s: round(loaded.executionsPerS, 1),
    transitions_per_s: round(loaded.transitionsPerS, 1),
    p50_ms: round(sequential.p50Ms, 3),
    p99_ms: round(sequential.p99Ms, 3),
    db_commits_per_execution: round(loaded.dbCommitsPerExecution, 4),
    transitions_per_commit: round(loaded.transitionsPerCommit, 2),
    fsync_per_s: round(fsyncPerS, 1),
    parked_rss_mb: round(parked.rssMb, 1),
    parked_heap_used_mb: round(parked.heapUsedMb, 1),
    parked_rss_growth_mb: round(parked.rssDeltaMb, 1),
    parked_in_database: parked.parkedInDatabase,
    loaded_p50_ms: round(loaded.p50Ms, 3),
    loaded_p99_ms: round(loaded.p99Ms, 3),
    sequential_executions_per_s: round(sequential.executionsPerS, 1),
    sequential_db_commits_per_execution: round(sequential.dbCommitsPerExecution, 4),
    targets_met: targetsMet(results),
    machine,
    params: {
      ...params,
      saga_tasks: SAGA_STEPS.length,
      transitions_per_execution: TRANSITIONS_PER_SAGA,
      sqlite: 'WAL, synchronous=FULL',
    },
  };
}
