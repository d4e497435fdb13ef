import { createHash } from 'node:crypto';
import type { ParentExecution, Snapshot } from '../core/interpreter/snapshot.js';
import type { TransitionResult } from '../core/interpreter/transition.js';
import type { WorkItem } from '../store/store-port.js';
import { workId, type Lease } from './work-payload.js';

/**
 * Durable messages between a parent execution and the children its `states:startExecution.sync`
 * Tasks started, written in the same commit as the transition that causes them:
 * - `deliver` (a work item of the parent): the child ended; the parent's task learns its outcome.
 * - `stop` (a work item of the child): the parent's task stopped waiting; the child is stopped.
 */
export type NestedWorkPayload =
  | { nested: 'deliver'; childExecutionArn: string; parent: ParentExecution }
  | { nested: 'stop'; parentExecutionArn: string };

/** The payload text starts with this (the key comes first), so other task items are told apart cheaply. */
const MARK = '{"nested":';

export function nestedWorkPayload(item: WorkItem): NestedWorkPayload | undefined {
  return item.kind === 'task' && item.payload.startsWith(MARK)
    ? (JSON.parse(item.payload) as NestedWorkPayload)
    : undefined;
}

function item(executionArn: string, localId: string, payload: NestedWorkPayload, now: number, lease: Lease): WorkItem {
  return {
    id: workId(executionArn, localId),
    executionArn,
    kind: 'task',
    dueAt: now,
    payload: JSON.stringify(payload),
    owner: lease.owner,
    leaseUntil: lease.leaseUntil,
  };
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** The parent of an execution that just ended learns of it (once per end: a redriven child ends again). */
function deliveries(executionArn: string, snapshot: Snapshot, now: number, lease: Lease): WorkItem[] {
  const { parent } = snapshot;
  if (!parent || snapshot.status === 'RUNNING') return [];
  const localId = `${parent.taskId}.child.${shortHash(executionArn)}.${snapshot.redriveCount ?? 0}`;
  const payload: NestedWorkPayload = { nested: 'deliver', childExecutionArn: executionArn, parent };
  return [item(parent.executionArn, localId, payload, now, lease)];
}

/** Children whose `.sync` task was cancelled (timeout, abort, stop of the parent) are stopped. */
function stops(executionArn: string, result: TransitionResult, now: number, lease: Lease): WorkItem[] {
  return result.commands.flatMap((command) => {
    if (command.type !== 'CancelWork' || !command.childExecutionArn) return [];
    const payload: NestedWorkPayload = { nested: 'stop', parentExecutionArn: executionArn };
    const localId = `stop.${shortHash(executionArn)}.${command.workId}`;
    return [item(command.childExecutionArn, localId, payload, now, lease)];
  });
}

/** The nested-execution work items a committed transition of `executionArn` must insert. */
export function nestedWorkOf(executionArn: string, result: TransitionResult, now: number, lease: Lease): WorkItem[] {
  if (result.ignored) return [];
  return [...deliveries(executionArn, result.snapshot, now, lease), ...stops(executionArn, result, now, lease)];
}
