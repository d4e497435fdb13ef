import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { UnwindError } from '../core/unwind-error.js';
import { Engine } from '../engine/engine.js';
import { loadHandlerModule } from '../engine/handler-module.js';
import { loadMockConfigFile, MOCK_CONFIG_ENV, mockConfigFromEnv } from '../engine/mocks/load-mock-config.js';
import type { MockConfig } from '../engine/mocks/mock-config.js';
import type { TaskHandler } from '../engine/task-handler.js';
import { isPostgresUrl, openStore } from '../open-store.js';
import { loadDefinitionFiles } from '../server/definition-files.js';
import { createHttpServer } from '../server/http-server.js';
import { createMetrics } from '../server/metrics.js';
import { resolveServerSecurity } from '../server/security-config.js';
import type { Store } from '../store/store-port.js';
import { EXIT_SUCCEEDED } from './exit-codes.js';
import { collectSub, parseSubstitutions } from './cli-inputs.js';
import { combineObservers } from '../engine/engine-observer.js';
import { taskLogObserver, type TaskLogger } from '../server/task-log.js';

export const DEFAULT_SERVE_DB = '.unwind/unwind.db';

export interface ServeOptions {
  host?: string;
  port?: string;
  db?: string;
  handlers?: string[];
  definitions?: string[];
  accessKeyId?: string;
  secretAccessKey?: string;
  mockConfig?: string;
  sub?: string[];
  logLevel?: string;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function portOf(text: string | undefined): number {
  const port = Number(text ?? '8080');
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new UnwindError('UsageError', `--port must be an integer from 0 to 65535, not '${text}'.`);
  return port;
}

/** Every handler module's handlers; a name in several modules is taken from the last one (with a warning). */
async function handlersOf(modules: readonly string[]): Promise<Record<string, TaskHandler>> {
  const handlers: Record<string, TaskHandler> = {};
  for (const module of modules) {
    for (const [name, handler] of Object.entries(await loadHandlerModule(module))) {
      if (name in handlers) process.stderr.write(`unwind: handler '${name}' of ${module} replaces an earlier one\n`);
      handlers[name] = handler;
    }
  }
  return handlers;
}

async function openServeStore(db: string): Promise<Store> {
  if (!isPostgresUrl(db)) mkdirSync(dirname(db), { recursive: true });
  return openStore(db);
}

function mockTestCaseCount(config: MockConfig): number {
  return [...config.stateMachines.values()].reduce((count, testCases) => count + testCases.size, 0);
}

/** `--mock-config FILE`, else `SFN_MOCK_CONFIG`; an invalid file is a UsageError listing its problems (exit 2). */
function loadMockConfig(file: string | undefined): Promise<MockConfig | undefined> {
  return file !== undefined ? loadMockConfigFile(file) : mockConfigFromEnv(process.env);
}

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

/** `--log-level`: a pino level (default info; warn keeps failed tasks and errors only). */
function logLevelOf(level: string | undefined): string {
  const chosen = level ?? 'info';
  if (!LOG_LEVELS.includes(chosen)) {
    throw new UnwindError('UsageError', `--log-level must be one of ${LOG_LEVELS.join(', ')}, not '${chosen}'`);
  }
  return chosen;
}

function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/**
 * `unwind serve`: the Step Functions API over HTTP. Migrates the database, loads `--definitions`,
 * starts the engine (which resumes unfinished executions) and listens; on SIGTERM/SIGINT it stops
 * accepting, stops the engine (in-flight tasks re-run after a restart), closes the store, exits 0.
 */
export async function serveCommand(options: ServeOptions): Promise<number> {
  const host = options.host ?? '127.0.0.1';
  const port = portOf(options.port);
  const logLevel = logLevelOf(options.logLevel);
  const security = resolveServerSecurity({
    host,
    ...(options.accessKeyId !== undefined ? { accessKeyId: options.accessKeyId } : {}),
    ...(options.secretAccessKey !== undefined ? { secretAccessKey: options.secretAccessKey } : {}),
    env: process.env,
  });
  const handlers = await handlersOf(options.handlers ?? []);
  const mockConfig = await loadMockConfig(options.mockConfig);
  const db = options.db ?? process.env.UNWIND_DATABASE_URL ?? DEFAULT_SERVE_DB;
  const signal = untilSignal();
  const store = await openServeStore(db);
  const metrics = createMetrics({ store });
  // Task lines go to the server's pino logger, which exists once the server does (right below).
  const taskLog: { logger?: TaskLogger } = {};
  const observer = combineObservers(
    metrics.observer,
    taskLogObserver(() => taskLog.logger),
  );
  const engine = new Engine({ store, handlers, observer, ...(mockConfig ? { mockConfig } : {}) });
  const server = createHttpServer({
    engine,
    store,
    log: { level: logLevel },
    metrics,
    onApiRequest: (record) => metrics.onApiRequest(record),
    ...(security.verifyRequest ? { verifyRequest: security.verifyRequest } : {}),
  });
  taskLog.logger = server.app.log;
  try {
    const substitutions = parseSubstitutions(options.sub);
    const loaded = await loadDefinitionFiles(server.context, options.definitions ?? [], substitutions);
    await engine.start();
    const url = await server.listen(host, port);
    const machines = loaded.map((file) => `${file.name} (${file.action})`).join(', ') || 'none loaded';
    const mocks = mockConfig ? `; mock test cases: ${mockTestCaseCount(mockConfig)}` : '';
    process.stdout.write(
      `unwind: serving the Step Functions API at ${url} (db ${db}; state machines: ${machines}${mocks})\n`,
    );
    const received = await signal;
    process.stderr.write(`unwind: ${received} received, shutting down\n`);
    return EXIT_SUCCEEDED;
  } finally {
    // Stop accepting first; stopping the engine meanwhile ends what in-flight requests wait for.
    const closing = server.close();
    await engine.stop();
    await closing;
    await store.close();
  }
}

/** Registers `unwind serve` on the CLI (`wrap` turns the returned exit code into the process's). */
export function addServeCommand(
  cli: Command,
  wrap: (action: (options: ServeOptions) => Promise<number>) => (...args: unknown[]) => Promise<void>,
): void {
  cli
    .command('serve')
    .description('serve the AWS Step Functions API (awsJson1_0) over HTTP for the SDKs and the aws CLI')
    .option('--host <host>', 'address to listen on; a non-loopback one needs credentials', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0: any free port)', '8080')
    .option(
      '--db <file|url>',
      `SQLite file or postgres:// URL (default: UNWIND_DATABASE_URL, else ${DEFAULT_SERVE_DB})`,
    )
    .option('--handlers <module>', 'module exporting task handlers (.js or .ts; repeatable)', collect)
    .option(
      '--definitions <dir|file>',
      'create or update state machines from *.asl.json, *.json, *.yaml, *.yml (repeatable)',
      collect,
    )
    .option('--log-level <level>', 'info (a line per request and per task), warn, error, silent, debug', 'info')
    .option('--sub <NAME=VALUE>', 'fill the ${NAME} placeholders of the --definitions files (repeatable)', collectSub)
    .option('--access-key-id <id>', 'require SigV4-signed requests with this key (or UNWIND_ACCESS_KEY_ID)')
    .option('--secret-access-key <secret>', 'the secret of --access-key-id (or UNWIND_SECRET_ACCESS_KEY)')
    .option(
      '--mock-config <file>',
      `Step Functions Local mock config: StartExecution on <stateMachineArn>#<TestCase> (or ${MOCK_CONFIG_ENV})`,
    )
    .action(wrap(serveCommand));
}
