import type { ExecutionStatus } from '../store/store-port.js';
import { UnwindError } from '../core/unwind-error.js';
import { requireDatabase } from './cli-inputs.js';
import { openStore } from '../open-store.js';
import { EXIT_SUCCEEDED } from './exit-codes.js';

const STATUSES: readonly ExecutionStatus[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];

/** `unwind executions`: lists executions, newest first. */
export async function executionsCommand(options: {
  db: string;
  status?: string;
  json?: boolean;
  limit?: string;
}): Promise<number> {
  const status = options.status?.toUpperCase();
  if (status !== undefined && !STATUSES.includes(status as ExecutionStatus)) {
    throw new UnwindError('UsageError', `--status must be one of ${STATUSES.join(', ')}`);
  }
  const limit = options.limit === undefined ? 100 : Number(options.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UnwindError('UsageError', '--limit must be a positive integer');
  const store = await openStore(requireDatabase(options.db), true);
  try {
    const records = await store.listExecutions({ ...(status ? { status: status as ExecutionStatus } : {}), limit });
    if (options.json) {
      const rows = records.map(({ snapshot: _snapshot, ...record }) => record);
      process.stdout.write(`${JSON.stringify(rows)}\n`);
      return EXIT_SUCCEEDED;
    }
    const lines = records.map(
      (r) => `${r.status.padEnd(10)} ${new Date(r.startDate).toISOString()}  ${r.name.padEnd(36)} ${r.executionArn}`,
    );
    process.stdout.write(`${['STATUS     STARTED                   NAME'.padEnd(60), ...lines].join('\n')}\n`);
    return EXIT_SUCCEEDED;
  } finally {
    await store.close();
  }
}
