import type { Command } from 'commander';
import { Engine } from '../engine/engine.js';
import type { WorkflowProgress } from '../engine/workflow/workflow-progress.js';
import { openStore } from '../open-store.js';
import { requireDatabase } from './cli-inputs.js';
import { EXIT_NOT_SUCCEEDED, EXIT_SUCCEEDED } from './exit-codes.js';

interface WorkflowOptions {
  db: string;
  json?: boolean;
}

/** Runs `work` with an engine on the database that is not started: it claims nothing, runs nothing. */
async function withIdleEngine<T>(db: string, work: (engine: Engine) => Promise<T>): Promise<T> {
  const store = await openStore(requireDatabase(db), true);
  try {
    return await work(new Engine({ store }));
  } finally {
    await store.close();
  }
}

function progressLines(progress: WorkflowProgress): string {
  const lines = [
    `workflow   ${progress.workflow}  gid ${progress.gid}`,
    `status     ${progress.status}  phase ${progress.phase}`,
    `attempts   ${progress.attempts} failed runs in a row (${progress.totalFailedRuns} in all)`,
  ];
  if (progress.lastError) {
    const at = new Date(progress.lastError.at).toISOString();
    lines.push(`last error ${progress.lastError.error}: ${progress.lastError.cause} (${at})`);
  }
  if (progress.nextRunAt !== undefined) lines.push(`next run   ${new Date(progress.nextRunAt).toISOString()}`);
  for (const operation of progress.plan) {
    lines.push(`phase two  ${operation.done ? 'done   ' : 'pending'} ${JSON.stringify(operation)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `unwind workflow describe <gid>`: where a code-first workflow stands (phase, attempts, last error). */
async function describeCommand(gid: string, options: WorkflowOptions): Promise<number> {
  const progress = await withIdleEngine(options.db, (engine) => engine.describeWorkflow(gid));
  process.stdout.write(options.json ? `${JSON.stringify(progress)}\n` : progressLines(progress));
  return EXIT_SUCCEEDED;
}

/**
 * `unwind workflow retry <gid>`: makes a waiting workflow (backing off, or stuck in phase two) due now;
 * a running engine that registers the workflow picks it up. Exit 1 when a run holds it at the moment.
 */
async function retryCommand(gid: string, options: WorkflowOptions): Promise<number> {
  const woken = await withIdleEngine(options.db, (engine) => engine.retryWorkflowNow(gid));
  process.stdout.write(
    woken
      ? `workflow ${gid} is due now; an engine that registers it will run it\n`
      : `workflow ${gid} is being run right now; nothing changed\n`,
  );
  return woken ? EXIT_SUCCEEDED : EXIT_NOT_SUCCEEDED;
}

/** `unwind workflow describe|retry <gid> --db ...`: the operator's view of code-first workflows. */
export function addWorkflowCommand(
  cli: Command,
  wrap: (action: (...args: never[]) => Promise<number>) => (...args: unknown[]) => Promise<void>,
): void {
  const workflow = cli.command('workflow').description('inspect and retry code-first workflows (by gid)');
  workflow
    .command('describe <gid>')
    .description('phase, attempts, last error, next run and phase-two plan of a workflow')
    .option('--db <file|url>', 'SQLite file or postgres:// URL (default: UNWIND_DATABASE_URL)')
    .option('--json', 'print JSON')
    .action(wrap(describeCommand));
  workflow
    .command('retry <gid>')
    .description('make a waiting or stuck workflow due now (its engine runs it at once)')
    .option('--db <file|url>', 'SQLite file or postgres:// URL (default: UNWIND_DATABASE_URL)')
    .action(wrap(retryCommand));
}
