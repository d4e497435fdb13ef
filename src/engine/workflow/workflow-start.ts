import type { Json } from '../../core/json.js';
import { UnwindError } from '../../core/unwind-error.js';
import type { TransitionCommit, WorkItem } from '../../store/store-port.js';
import { executionArn, nameProblem, stateMachineArn, type ArnScope } from '../arns.js';
import { definitionId } from '../execution-state.js';
import { asRecorded } from './recorded-operation.js';
import { encoded, eventDraft, numberEvents } from './workflow-events.js';
import { workflowDefinitionText } from './workflow-registry.js';
import { initialSnapshot } from './workflow-snapshot.js';

export interface StartCommit {
  executionArn: string;
  stateMachineArn: string;
  definition: { id: string; text: string };
  commit: TransitionCommit;
  item: WorkItem;
}

/**
 * The commit that creates a workflow execution (name = gid) with its first run due at once and
 * leased to `owner`, so this engine runs it without waiting for a poll.
 */
export function startCommit(
  scope: ArnScope,
  workflow: string,
  gid: string,
  input: unknown,
  now: number,
  lease: { owner: string; leaseUntil: number },
): StartCommit {
  const problem = nameProblem(gid);
  if (problem) throw new UnwindError('InvalidName', `Invalid workflow gid '${gid}': it ${problem}.`);
  let json: Json;
  try {
    json = asRecorded(input, 'the workflow input') ?? null;
  } catch (error) {
    throw new UnwindError('InvalidInput', error instanceof Error ? error.message : String(error));
  }
  const machineArn = stateMachineArn(scope, workflow);
  const arn = executionArn(scope, workflow, gid);
  const text = workflowDefinitionText(workflow);
  const snapshot = initialSnapshot(workflow);
  snapshot.runSeq = 1;
  const item: WorkItem = {
    id: `${arn}#workflow-1`,
    executionArn: arn,
    kind: 'workflow',
    dueAt: now,
    payload: JSON.stringify({ run: 1 }),
    ...lease,
  };
  snapshot.workId = item.id;
  snapshot.nextRunAt = now;
  const started = eventDraft('ExecutionStarted', { input: encoded(json), stateMachineArn: machineArn, workflow });
  const events = numberEvents([started], 0, now);
  snapshot.lastEventId = events.length;
  const id = definitionId(text);
  const commit: TransitionCommit = {
    executionArn: arn,
    expectedVersion: 0,
    create: { stateMachineArn: machineArn, name: gid, definitionId: id, input: JSON.stringify(json), startDate: now },
    update: {
      status: 'RUNNING',
      snapshot: JSON.stringify(snapshot),
      output: null,
      error: null,
      cause: null,
      stopDate: null,
    },
    events,
    deleteWorkIds: [],
    insertWork: [item],
  };
  return { executionArn: arn, stateMachineArn: machineArn, definition: { id, text }, commit, item };
}
