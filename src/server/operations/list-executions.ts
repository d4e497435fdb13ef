import { definitionId } from '../../engine/execution-state.js';
import type { ExecutionRecord, ExecutionStatus } from '../../store/store-port.js';
import { ApiError, validationError } from '../api-error.js';
import { checkDefinition } from '../definition-check.js';
import { executionListItem } from '../execution-view.js';
import type { Operation, ServerContext } from '../operation.js';
import { pageCursor, type PageCursor } from '../pagination.js';
import { optionalEnum, optionalString, requestMembers } from '../request-members.js';
import { findStateMachine, type ResolvedStateMachine } from '../state-machine-lookup.js';

const STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'] as const;

type PageKey = { startDate: number; executionArn: string };

/** The id of the definition text executions of a version are pinned to (as the engine stores it). */
function pinnedDefinitionId(context: ServerContext, text: string): string {
  return definitionId((context.definitions?.get(text) ?? checkDefinition(text)).text);
}

/** Reads pages of the store until `page.fetchLimit` executions pass `keep` (or the store runs out). */
async function collect(
  context: ServerContext,
  page: PageCursor<PageKey>,
  query: { stateMachineArn: string; status?: ExecutionStatus },
  keep: (record: ExecutionRecord) => boolean,
): Promise<ExecutionRecord[]> {
  const kept: ExecutionRecord[] = [];
  let after = page.after;
  for (;;) {
    const batch = await context.store.listExecutions({ ...query, ...(after ? { after } : {}), limit: page.fetchLimit });
    kept.push(...batch.filter(keep));
    const last = batch[batch.length - 1];
    if (kept.length >= page.fetchLimit || batch.length < page.fetchLimit || !last) return kept;
    after = { startDate: last.startDate, executionArn: last.executionArn };
  }
}

type RedriveFilter = 'REDRIVEN' | 'NOT_REDRIVEN' | undefined;

function scopeOf(arn: string, status: string | undefined, redrive: RedriveFilter): string {
  return `ListExecutions ${arn} ${status ?? '*'} ${redrive ?? '*'}`;
}

/** Whether the execution passes `redriveFilter` (REDRIVEN: redriven at least once). */
function passesRedriveFilter(record: ExecutionRecord, filter: RedriveFilter): boolean {
  if (filter === undefined) return true;
  const redriven = ((JSON.parse(record.snapshot) as { redriveCount?: number }).redriveCount ?? 0) > 0;
  return filter === 'REDRIVEN' ? redriven : !redriven;
}

/**
 * ListExecutions of a state machine (newest first, paginated, statusFilter). On a version ARN it lists
 * the executions pinned to that version's definition text.
 */
export const listExecutions: Operation = {
  name: 'ListExecutions',
  async run(body, context) {
    const input = requestMembers(body);
    const arn = optionalString(input, 'stateMachineArn', { min: 1, max: 2048 });
    if (optionalString(input, 'mapRunArn', { min: 1, max: 2048 }) !== undefined)
      throw validationError("'mapRunArn' is not supported: Unwind runs no distributed Map Runs.");
    if (arn === undefined) throw validationError("1 validation error detected: 'stateMachineArn' must be given.");
    const status = optionalEnum(input, 'statusFilter', STATUSES);
    const redrive = optionalEnum(input, 'redriveFilter', ['REDRIVEN', 'NOT_REDRIVEN'] as const);
    const resolved: ResolvedStateMachine = await findStateMachine(context, arn);
    if (resolved.stateMachine.type === 'EXPRESS')
      throw new ApiError(
        'StateMachineTypeNotSupported',
        `State Machine Type Not Supported: ListExecutions does not list executions of EXPRESS state machines ('${arn}').`,
      );
    const page = await pageCursor<PageKey>(input, context, scopeOf(arn, status, redrive), { maxTokenLength: 3096 });
    const pinned = resolved.version ? pinnedDefinitionId(context, resolved.version.definition) : undefined;
    const records =
      status === 'PENDING_REDRIVE'
        ? []
        : await collect(
            context,
            page,
            { stateMachineArn: resolved.stateMachine.stateMachineArn, ...(status ? { status } : {}) },
            (record) =>
              (pinned === undefined || record.definitionId === pinned) && passesRedriveFilter(record, redrive),
          );
    const { rows, nextToken } = page.finish(records, (record) => ({
      startDate: record.startDate,
      executionArn: record.executionArn,
    }));
    const now = context.engine.options.clock.now();
    return {
      executions: rows.map((record) => ({
        ...executionListItem(record, now),
        ...(resolved.version ? { stateMachineVersionArn: resolved.version.stateMachineVersionArn } : {}),
      })),
      ...(nextToken ? { nextToken } : {}),
    };
  },
};
