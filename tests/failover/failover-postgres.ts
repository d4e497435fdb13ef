import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import pg from 'pg';

/**
 * PostgreSQL for the fail-over tests: the test database (`UNWIND_TEST_POSTGRES_URL` overrides
 * it), one fresh schema per test, and control of the local cluster for the restart test.
 */
export const postgresUrl = process.env['UNWIND_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

const run = promisify(execFile);

/** Why PostgreSQL cannot be used, or undefined when it answers. */
export async function postgresProblem(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 3_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Whether the tests may run: in CI (`CI=true`) a missing PostgreSQL is an error, elsewhere the
 * tests are skipped with a visible warning.
 */
export async function requirePostgres(what: string): Promise<boolean> {
  const problem = await postgresProblem();
  if (problem === undefined) return true;
  if (process.env['CI'] === 'true') {
    throw new Error(`${what}: PostgreSQL is required in CI but ${postgresUrl} is unreachable: ${problem}`);
  }
  console.warn(`\n⚠ ${what} SKIPPED: PostgreSQL at ${postgresUrl} is unreachable (${problem}).\n`);
  return false;
}

export function freshSchemaName(): string {
  return `unwind_failover_${randomBytes(6).toString('hex')}`;
}

/** The `--db` value (the form `unwind resume --db` takes) of a schema of the test database. */
export function schemaUrl(schema: string): string {
  const url = new URL(postgresUrl);
  url.searchParams.set('schema', schema);
  return url.toString();
}

/** Runs `work` on a plain client of the test database, closed afterwards. */
export async function withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 5_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function dropSchema(schema: string): Promise<void> {
  await withClient((client) => client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
}

/** A work item as the `work` table holds it (the test reads it directly, in one statement). */
export interface LeasedWork {
  id: string;
  executionArn: string;
  kind: string;
  leaseUntil: number | null;
}

/** The work items `owner` holds at this instant (leased or not yet re-claimed). */
export async function workOwnedBy(schema: string, owner: string): Promise<LeasedWork[]> {
  return withClient(async (client) => {
    const result = await client.query<{ id: string; execution_arn: string; kind: string; lease_until: string | null }>(
      `SELECT id, execution_arn, kind, lease_until FROM "${schema}".work WHERE owner = $1 ORDER BY id`,
      [owner],
    );
    return result.rows.map((row) => ({
      id: row.id,
      executionArn: row.execution_arn,
      kind: row.kind,
      leaseUntil: row.lease_until === null ? null : Number(row.lease_until),
    }));
  });
}

/** The ids in the `engines` table (registered engines not yet removed by a stop or a take-over). */
export async function engineIds(schema: string): Promise<string[]> {
  return withClient(async (client) => {
    const result = await client.query<{ id: string }>(`SELECT id FROM "${schema}".engines ORDER BY id`);
    return result.rows.map((row) => row.id);
  });
}

/** The local cluster the test database runs on, to restart it with `pg_ctlcluster`. */
export interface LocalCluster {
  version: string;
  name: string;
}

/**
 * The Debian cluster serving the test database, or why it cannot be restarted from here
 * (a remote server, no `pg_ctlcluster`, several candidate clusters, not root).
 */
export function localCluster(): LocalCluster | string {
  const host = new URL(postgresUrl).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) return `${postgresUrl} is not on this host`;
  if (!existsSync('/usr/bin/pg_ctlcluster')) return 'pg_ctlcluster is not installed';
  if (process.getuid?.() !== 0) return 'restarting the cluster needs root';
  if (!existsSync('/etc/postgresql')) return '/etc/postgresql does not exist';
  const clusters = readdirSync('/etc/postgresql')
    .filter((version) => /^\d+$/.test(version))
    .flatMap((version) =>
      readdirSync(`/etc/postgresql/${version}`)
        .filter((name) => existsSync(`/etc/postgresql/${version}/${name}/postgresql.conf`))
        .map((name) => ({ version, name })),
    );
  if (clusters.length === 1) return clusters[0]!;
  const main = clusters.filter((cluster) => cluster.name === 'main');
  if (main.length === 1) return main[0]!;
  return `cannot tell which cluster to restart: ${JSON.stringify(clusters)}`;
}

async function pgCtlCluster(cluster: LocalCluster, action: 'start' | 'stop' | 'restart'): Promise<void> {
  await run('pg_ctlcluster', ['--skip-systemctl-redirect', cluster.version, cluster.name, action], {
    timeout: 60_000,
  });
}

/** Resolves once a plain connection succeeds, false after `timeoutMs`. */
export async function waitUntilAccepting(timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await postgresProblem()) === undefined) return true;
    await sleep(200);
  }
  return false;
}

/** `pg_ctlcluster restart`: a fast shutdown (every session is cut), then a start. */
export async function restartCluster(cluster: LocalCluster): Promise<void> {
  await pgCtlCluster(cluster, 'restart');
}

/** Stops the cluster (fast shutdown), keeps it down for `downMs`, starts it again. */
export async function stopClusterFor(cluster: LocalCluster, downMs: number): Promise<void> {
  await pgCtlCluster(cluster, 'stop');
  await sleep(downMs);
  await pgCtlCluster(cluster, 'start');
}

/**
 * A CHECKPOINT now, so that the shutdown of a restart right after it has little to write: a restart
 * during a spread checkpoint waits for that checkpoint and took 7-10 s here instead of 1-3 s.
 */
export async function checkpoint(): Promise<void> {
  await withClient((client) => client.query('CHECKPOINT'));
}

/**
 * Makes sure the cluster runs again (whatever a failed test left behind): starts it when it is
 * down, then waits until it accepts connections. Throws when it does not come back.
 */
export async function ensureClusterRunning(cluster: LocalCluster): Promise<void> {
  if ((await postgresProblem()) === undefined) return;
  // "Cluster is already running" (exit 2) is fine: it may be starting up.
  await pgCtlCluster(cluster, 'start').catch(() => undefined);
  if (!(await waitUntilAccepting(60_000))) {
    throw new Error(`PostgreSQL ${cluster.version}/${cluster.name} did not come back after a start`);
  }
}

/** When the server started: changes exactly when it was restarted. */
export async function postmasterStartTime(): Promise<string> {
  return withClient(async (client) => {
    const result = await client.query<{ started: string }>('SELECT pg_postmaster_start_time()::text AS started');
    return result.rows[0]!.started;
  });
}
