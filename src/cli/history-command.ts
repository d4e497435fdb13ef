import { UnwindError } from '../core/unwind-error.js';
import { requireDatabase } from './cli-inputs.js';
import { openStore } from '../open-store.js';
import { EXIT_SUCCEEDED } from './exit-codes.js';
import { formatOutcome, formatTimeline } from './timeline-format.js';

/** `unwind history`: one execution's events, by ARN or name. */
export async function historyCommand(arnOrName: string, options: { db?: string; json?: boolean }): Promise<number> {
  const store = await openStore(requireDatabase(options.db), true);
  try {
    const record = await store.findExecution(arnOrName);
    if (!record)
      throw new UnwindError('ExecutionDoesNotExist', `No execution '${arnOrName}' in ${requireDatabase(options.db)}.`);
    const events = await store.getHistory(record.executionArn);
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ executionArn: record.executionArn, status: record.status, events })}\n`);
    } else {
      process.stdout.write(`Execution ${record.executionArn}\n${formatTimeline(events)}\n\n${formatOutcome(record)}\n`);
    }
    return EXIT_SUCCEEDED;
  } finally {
    await store.close();
  }
}
