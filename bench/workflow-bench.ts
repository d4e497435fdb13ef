/**
 * Code-first workflow benchmark: the 5-branch code-first saga (`workflow-saga.ts`) beside the ASL
 * 5-task saga on the same store, in the same process, and beside DBOS Transact's 5-step workflow on
 * PostgreSQL. Closed loops at C = 1 and C = 50, each on a fresh database; every figure is the median
 * of `--runs` rounds (default 3). Prints a table, then one JSON line.
 * Usage: npm run bench:workflow -- [--db postgres://...] [--runs 3] [--executions 1000] [--sequential 200]
 *        [--warmup 100] [--skip-asl] [--skip-dbos] [--dbos-db postgres://...] [--dir <tmp parent>]
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { siblingDatabase } from './bench-args.js';
import { openBenchEngine, type BenchEngine } from './bench-engine.js';
import { measureDbos } from './measure-dbos.js';
import { measureThroughput, type ThroughputRequest } from './measure-throughput.js';
import { median } from './percentile.js';
import { openPgBenchEngine } from './pg-bench-engine.js';
import { describeMachine, formatTable, round } from './report.js';
import { measureWorkflowThroughput } from './workflow-measure.js';

const CONCURRENCIES = [1, 50] as const;

/** One loop's figures, as the table and the JSON line show them. */
interface Figures {
  executionsPerS: number;
  p50Ms: number;
  p99Ms: number;
  dbCommitsPerExecution: number;
  /** Workflow/ASL: commits of executions (before group commit) per execution. */
  writesPerExecution?: number;
  statementsPerExecution?: number;
  clientCpuMsPerExecution: number;
}

type Side = 'asl' | 'workflow' | 'dbos';

function options() {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      'dbos-db': { type: 'string' },
      'skip-dbos': { type: 'boolean', default: false },
      'skip-asl': { type: 'boolean', default: false },
      runs: { type: 'string', default: '3' },
      executions: { type: 'string', default: '1000' },
      sequential: { type: 'string', default: '200' },
      warmup: { type: 'string', default: '100' },
      dir: { type: 'string', default: tmpdir() },
    },
  });
  const count = (name: 'runs' | 'executions' | 'sequential' | 'warmup', min: number): number => {
    const value = Number(values[name]);
    if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be an integer >= ${min}`);
    return value;
  };
  const db = values.db;
  if (db !== undefined && !/^postgres(ql)?:\/\//i.test(db)) throw new Error('--db must be a postgres:// URL');
  return {
    db,
    dbosDb: values['dbos-db'] ?? (db ? siblingDatabase(db, 'dbos_bench') : undefined),
    dbos: db !== undefined && !values['skip-dbos'],
    asl: !values['skip-asl'],
    runs: count('runs', 1),
    executions: count('executions', 1),
    sequential: count('sequential', 1),
    warmup: count('warmup', 0),
    dir: values.dir,
  };
}

function figures(result: {
  executionsPerS: number;
  p50Ms: number;
  p99Ms: number;
  clientCpuMsPerExecution: number;
  statementsPerExecution?: number;
}): Figures {
  return {
    executionsPerS: result.executionsPerS,
    p50Ms: result.p50Ms,
    p99Ms: result.p99Ms,
    dbCommitsPerExecution: 0,
    clientCpuMsPerExecution: result.clientCpuMsPerExecution,
    ...(result.statementsPerExecution === undefined ? {} : { statementsPerExecution: result.statementsPerExecution }),
  };
}

async function main(): Promise<void> {
  const params = options();
  const machine = describeMachine();
  const root = mkdtempSync(join(params.dir, 'unwind-workflow-bench-'));
  let label = 0;
  const open = (): Promise<BenchEngine> =>
    params.db ? openPgBenchEngine(params.db) : openBenchEngine(root, `db${(label += 1)}`);
  const store = params.db ? 'PostgreSQL' : 'SQLite (WAL, synchronous=FULL)';
  process.stdout.write(`Unwind code-first workflow bench on ${store}; machine ${JSON.stringify(machine)}\n`);
  const samples = new Map<string, Figures[]>();
  const add = (side: Side, concurrency: number, value: Figures): void => {
    const key = `${side}@${concurrency}`;
    samples.set(key, [...(samples.get(key) ?? []), value]);
  };
  try {
    for (let round = 1; round <= params.runs; round++) {
      for (const concurrency of CONCURRENCIES) {
        const request: ThroughputRequest = {
          concurrency,
          executions: concurrency === 1 ? params.sequential : params.executions,
          warmup: concurrency === 1 ? Math.min(params.warmup, 20) : params.warmup,
        };
        progress(`round ${round}: workflow C=${concurrency}`);
        const wf = await measureWorkflowThroughput(open, request);
        add('workflow', concurrency, {
          ...figures(wf),
          dbCommitsPerExecution: wf.dbCommitsPerExecution,
          writesPerExecution: wf.transitions / wf.executions,
        });
        if (params.asl) {
          progress(`round ${round}: asl C=${concurrency}`);
          const asl = await measureThroughput(open, request);
          add('asl', concurrency, {
            ...figures(asl),
            dbCommitsPerExecution: asl.dbCommitsPerExecution,
            writesPerExecution: asl.transitions / asl.executions,
          });
        }
        if (params.dbos && params.dbosDb) {
          progress(`round ${round}: dbos C=${concurrency}`);
          const schema = `dbos_bench_${randomBytes(4).toString('hex')}`;
          const result = await measureDbos({ systemDatabaseUrl: params.dbosDb, schema, runs: [request] });
          for (const run of result.runs)
            add('dbos', concurrency, { ...figures(run), dbCommitsPerExecution: run.commitsPerExecution });
        }
      }
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  const medians = Object.fromEntries(
    [...samples].map(([key, runs]) => [key, { median: medianFigures(runs), runs: runs.map(rounded) }]),
  );
  process.stdout.write(`\n${table(medians)}\n`);
  process.stdout.write(
    `${JSON.stringify({ store, machine, load_avg_end: describeMachine().load_avg_1m, params, results: medians })}\n`,
  );
}

function medianFigures(runs: readonly Figures[]): Figures {
  const pick = (name: keyof Figures): number | undefined => {
    const values = runs.flatMap((run) => (run[name] === undefined ? [] : [run[name]]));
    return values.length === 0 ? undefined : round(median(values));
  };
  const result: Record<string, number> = {};
  for (const name of Object.keys(runs[0] ?? {}) as (keyof Figures)[]) {
    const value = pick(name);
    if (value !== undefined) result[name] = value;
  }
  return result as unknown as Figures;
}

function rounded(figuresOfRun: Figures): Figures {
  return Object.fromEntries(
    Object.entries(figuresOfRun).map(([name, value]) => [name, round(value as number)]),
  ) as unknown as Figures;
}

function table(medians: Record<string, { median: Figures; runs: Figures[] }>): string {
  const rows = Object.entries(medians).map(([key, { median: m, runs }]) => [
    key,
    m.executionsPerS,
    m.p50Ms,
    m.p99Ms,
    m.writesPerExecution ?? '-',
    m.dbCommitsPerExecution,
    m.statementsPerExecution ?? '-',
    m.clientCpuMsPerExecution,
    runs.map((run) => run.executionsPerS).join(' / '),
  ]);
  return formatTable(
    [
      'side@C',
      'exec/s',
      'p50 ms',
      'p99 ms',
      'writes/exec',
      'db commits/exec',
      'statements/exec',
      'cpu ms/exec',
      'exec/s runs',
    ],
    rows,
  );
}

function progress(message: string): void {
  process.stderr.write(`  ${message}\n`);
}

await main();
