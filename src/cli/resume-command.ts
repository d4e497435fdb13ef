import type { StateMachineDefinition } from '../core/definition/asl-types.js';
import { UnwindError } from '../core/unwind-error.js';
import { Engine } from '../engine/engine.js';
import { resourceProblems } from '../engine/load-definition.js';
import type { TaskHandlers } from '../engine/task-handler.js';
import { isWorkflowSnapshotText } from '../engine/workflow/workflow-snapshot.js';
import type { Store } from '../store/store-port.js';
import { readHandlers, requireDatabase } from './cli-inputs.js';
import { openStore } from '../open-store.js';
import { EXIT_SUCCEEDED } from './exit-codes.js';
import { stopOnSignals } from './stop-on-signals.js';

/** `unwind resume`: drives every unfinished execution in a database to its end. */
export async function resumeCommand(options: { db?: string; handlers?: string }): Promise<number> {
  const handlers = await readHandlers(options.handlers);
  const store = await openStore(requireDatabase(options.db), true);
  const engine = new Engine({ store, handlers });
  const release = stopOnSignals(engine, requireDatabase(options.db));
  try {
    const { machines: unfinished, workflows } = await splitUnfinished(store);
    await checkHandlers(store, unfinished, handlers);
    await engine.start();
    process.stdout.write(`Resuming ${unfinished.length} unfinished execution(s)\n`);
    if (workflows.length > 0) {
      // A code workflow's function lives in the application: only a process that registers it can run it.
      process.stdout.write(
        `Skipping ${workflows.length} code-first workflow execution(s): they need a process that registers their workflows (engine.registerWorkflow)\n`,
      );
      for (const arn of workflows) process.stdout.write(`SKIPPED    ${arn}\n`);
    }
    const records = await Promise.all(unfinished.map((arn) => engine.waitForExecution(arn)));
    for (const record of records) process.stdout.write(`${record.status.padEnd(10)} ${record.executionArn}\n`);
    return EXIT_SUCCEEDED;
  } finally {
    release();
    await engine.stop();
    await store.close();
  }
}

/** The unfinished executions: state machines (this command drives them) and code workflows (it cannot). */
async function splitUnfinished(store: Store): Promise<{ machines: string[]; workflows: string[] }> {
  const machines: string[] = [];
  const workflows: string[] = [];
  for (const arn of await store.listUnfinishedExecutions()) {
    const record = await store.getExecution(arn);
    if (record && isWorkflowSnapshotText(record.snapshot)) workflows.push(arn);
    else machines.push(arn);
  }
  return { machines, workflows };
}

/** Refuses to start when a pending execution needs a handler the module lacks (it would fail for nothing). */
async function checkHandlers(store: Store, arns: readonly string[], handlers: TaskHandlers): Promise<void> {
  const seen = new Set<string>();
  for (const arn of arns) {
    const record = await store.getExecution(arn);
    if (!record || seen.has(record.definitionId)) continue;
    seen.add(record.definitionId);
    const definition = await store.getDefinition(record.definitionId);
    if (!definition) continue;
    const problems = resourceProblems(JSON.parse(definition.text) as StateMachineDefinition, handlers);
    if (problems.length > 0) {
      const lines = problems.map((p) => `  ${p.path}: ${p.message}`).join('\n');
      throw new UnwindError(
        'UsageError',
        `Execution ${arn} needs handlers that are not loaded (use --handlers):\n${lines}`,
      );
    }
  }
}
