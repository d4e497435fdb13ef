import { tmpdir } from 'node:os';
import { parseArgs } from 'node:util';

export interface BenchParams {
  executions: number;
  concurrency: number;
  sequential_executions: number;
  parked_executions: number;
  warmup_executions: number;
  fsync_ms: number;
  /** Parent directory of the run's temporary directory (the disk under test). */
  dir: string;
  /** Serve the SQLite store from a worker thread (`--sqlite-worker`: `openSqliteWorkerStore`). */
  sqlite_worker: boolean;
}

/** Options of the PostgreSQL benchmark (`--db postgres://...`). */
export interface PgBenchParams {
  /** The PostgreSQL database Unwind runs on; each measurement uses a fresh schema in it. */
  db: string;
  /** The system database of the DBOS peer (DBOS creates it if it is missing). */
  dbos_db: string;
  /** Run the DBOS peer (`--skip-dbos` turns it off). */
  dbos: boolean;
  /** Executions measured per closed loop at C > 1 (Unwind and DBOS alike). */
  executions: number;
  /** Executions measured at C = 1. */
  sequential_executions: number;
  warmup_executions: number;
  /** The closed-loop concurrencies, for Unwind and DBOS alike. */
  concurrencies: number[];
  /** Engine processes of the scaling curve: 1 up to this. */
  processes: number;
  /** Executions of each scaling run, shared among its processes. */
  scale_executions: number;
  /** Concurrency of each process in the scaling runs. */
  scale_concurrency: number;
}

const postgresUrl = /^postgres(ql)?:\/\//i;

/** True when the arguments ask for the PostgreSQL benchmark (`--db postgres://...`). */
export function wantsPostgres(args: readonly string[]): boolean {
  return args.some((arg) => arg === '--db' || arg.startsWith('--db='));
}

/** Parses `--executions 2000 --concurrency 100 ...`; throws on a malformed value. */
export function parseBenchArgs(args: string[]): BenchParams {
  const { values } = parseArgs({
    args,
    options: {
      executions: { type: 'string', default: '2000' },
      concurrency: { type: 'string', default: '100' },
      sequential: { type: 'string', default: '200' },
      parked: { type: 'string', default: '10000' },
      warmup: { type: 'string', default: '300' },
      'fsync-ms': { type: 'string', default: '1000' },
      dir: { type: 'string', default: tmpdir() },
      'sqlite-worker': { type: 'boolean', default: false },
    },
  });
  const count = (name: Exclude<keyof typeof values, 'dir' | 'sqlite-worker'>, min: number): number =>
    integerOption(name, values[name], min);
  return {
    executions: count('executions', 1),
    concurrency: count('concurrency', 1),
    sequential_executions: count('sequential', 1),
    parked_executions: count('parked', 1),
    warmup_executions: count('warmup', 0),
    fsync_ms: count('fsync-ms', 50),
    dir: values.dir,
    sqlite_worker: values['sqlite-worker'],
  };
}

/** Parses `--db postgres://... [--dbos-db postgres://...] [--executions 1000] ...`; throws on a malformed value. */
export function parsePgBenchArgs(args: string[]): PgBenchParams {
  const { values } = parseArgs({
    args,
    options: {
      db: { type: 'string' },
      'dbos-db': { type: 'string' },
      'skip-dbos': { type: 'boolean', default: false },
      executions: { type: 'string', default: '1000' },
      sequential: { type: 'string', default: '200' },
      warmup: { type: 'string', default: '100' },
      concurrencies: { type: 'string', default: '1,10,50' },
      processes: { type: 'string', default: '3' },
      'scale-executions': { type: 'string', default: '1500' },
      'scale-concurrency': { type: 'string', default: '50' },
    },
  });
  const db = values.db ?? '';
  if (!postgresUrl.test(db)) throw new Error('--db must be a postgres:// URL (SQLite is the default without --db)');
  const dbosDb = values['dbos-db'] ?? siblingDatabase(db, 'dbos_bench');
  if (!postgresUrl.test(dbosDb)) throw new Error('--dbos-db must be a postgres:// URL');
  const concurrencies = (values.concurrencies ?? '').split(',').map((text) => integerOption('concurrencies', text, 1));
  return {
    db,
    dbos_db: dbosDb,
    dbos: !values['skip-dbos'],
    executions: integerOption('executions', values.executions, 1),
    sequential_executions: integerOption('sequential', values.sequential, 1),
    warmup_executions: integerOption('warmup', values.warmup, 0),
    concurrencies: [...new Set(concurrencies)].sort((a, b) => a - b),
    processes: integerOption('processes', values.processes, 1),
    scale_executions: integerOption('scale-executions', values['scale-executions'], 1),
    scale_concurrency: integerOption('scale-concurrency', values['scale-concurrency'], 1),
  };
}

/** The same server and credentials as `url`, another database (and no query parameters). */
export function siblingDatabase(url: string, database: string): string {
  const sibling = new URL(url);
  sibling.pathname = `/${database}`;
  sibling.search = '';
  return sibling.toString();
}

function integerOption(name: string, text: string | undefined, min: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be an integer >= ${min}`);
  return value;
}
