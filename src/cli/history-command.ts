import type { StateMachineDefinition } from '../core/definition/asl-types.js';
import { flowHistory } from '../core/fdl/flow-history.js';
import { isCompiledFlow } from '../core/fdl/flow-metadata.js';
import { formatFlowTimeline } from '../core/fdl/flow-timeline-format.js';
import type { HistoryEvent } from '../core/interpreter/history-event.js';
import { UnwindError } from '../core/unwind-error.js';
import type { ExecutionRecord, Store } from '../store/store-port.js';
import { requireDatabase } from './cli-inputs.js';
import { openStore } from '../open-store.js';
import { EXIT_SUCCEEDED } from './exit-codes.js';
import { formatOutcome, formatTimeline } from './timeline-format.js';

export interface HistoryOptions {
  db?: string;
  json?: boolean;
  /** 'asl' (default): the stored events; 'fdl': the events of a flow execution in the flow language's words. */
  format?: string;
}

/** `unwind history`: one execution's events, by ARN or name. */
export async function historyCommand(arnOrName: string, options: HistoryOptions): Promise<number> {
  const format = options.format ?? 'asl';
  if (format !== 'asl' && format !== 'fdl')
    throw new UnwindError('UsageError', `--format must be asl or fdl, not '${format}'.`);
  const store = await openStore(requireDatabase(options.db), true);
  try {
    const record = await store.findExecution(arnOrName);
    if (!record)
      throw new UnwindError('ExecutionDoesNotExist', `No execution '${arnOrName}' in ${requireDatabase(options.db)}.`);
    const events = await store.getHistory(record.executionArn);
    if (format === 'fdl') return await printFlowHistory(store, record, events, options.json === true);
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

/** `--format fdl`: the execution must have started from a flow (its pinned definition says so). */
async function printFlowHistory(
  store: Store,
  record: ExecutionRecord,
  events: HistoryEvent[],
  json: boolean,
): Promise<number> {
  const stored = await store.getDefinition(record.definitionId);
  const definition = stored ? (JSON.parse(stored.text) as StateMachineDefinition) : undefined;
  if (!definition || !isCompiledFlow(definition)) {
    throw new UnwindError('UsageError', `Execution '${record.name}' did not start from a flow: use --format asl.`);
  }
  const flowEvents = flowHistory(definition, events);
  if (json) {
    process.stdout.write(
      `${JSON.stringify({ executionArn: record.executionArn, status: record.status, events: flowEvents })}\n`,
    );
  } else {
    process.stdout.write(
      `Execution ${record.executionArn}\n${formatFlowTimeline(flowEvents)}\n\n${formatOutcome(record)}\n`,
    );
  }
  return EXIT_SUCCEEDED;
}
