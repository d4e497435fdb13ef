import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../engine/engine.js';
import { loadDefinition } from '../engine/load-definition.js';
import type { ExecutionRecord } from '../store/store-port.js';
import { readDefinitionFile, readExecutionInput, readHandlers, stateMachineNameFromFile } from './cli-inputs.js';
import { openStore } from '../open-store.js';
import { EXIT_NOT_SUCCEEDED, EXIT_SUCCEEDED } from './exit-codes.js';
import { stopOnSignals } from './stop-on-signals.js';
import { formatOutcome, formatTimeline } from './timeline-format.js';

export interface RunOptions {
  input?: string;
  inputFile?: string;
  handlers?: string;
  db?: string;
  name?: string;
  json?: boolean;
  sub?: string[];
}

/** `unwind run`: runs one execution to its end in this process and prints its timeline. */
export async function runCommand(definitionPath: string, options: RunOptions): Promise<number> {
  const file = readDefinitionFile(definitionPath, options.sub);
  const handlers = await readHandlers(options.handlers);
  const { definition, text } = loadDefinition(file.text, handlers, file);
  const input = readExecutionInput(options);
  const tempDir = options.db === undefined ? mkdtempSync(join(tmpdir(), 'unwind-run-')) : undefined;
  const store = await openStore(options.db ?? join(tempDir ?? '', 'unwind.db'), false);
  const engine = new Engine({ store, handlers });
  const release = stopOnSignals(engine, options.db);
  try {
    await engine.start();
    const arn = await engine.startExecution({
      definition,
      definitionText: text,
      stateMachineName: stateMachineNameFromFile(definitionPath),
      input,
      ...(options.name !== undefined ? { name: options.name } : {}),
    });
    const record = await engine.waitForExecution(arn);
    await engine.stop();
    const events = await store.getHistory(arn);
    process.stdout.write(
      options.json ? `${JSON.stringify(jsonResult(record, events))}\n` : humanResult(record, events),
    );
    return record.status === 'SUCCEEDED' ? EXIT_SUCCEEDED : EXIT_NOT_SUCCEEDED;
  } finally {
    release();
    await engine.stop();
    await store.close();
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  }
}

function jsonResult(record: ExecutionRecord, events: unknown[]) {
  return {
    executionArn: record.executionArn,
    status: record.status,
    output: record.output === null ? null : (JSON.parse(record.output) as unknown),
    error: record.error,
    cause: record.cause,
    events,
  };
}

function humanResult(record: ExecutionRecord, events: Parameters<typeof formatTimeline>[0]): string {
  return `Execution ${record.executionArn}\n${formatTimeline(events)}\n\n${formatOutcome(record)}\n`;
}
