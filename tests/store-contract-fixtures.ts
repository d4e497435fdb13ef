import type { HistoryEvent } from '../src/core/interpreter/history-event.js';
import type { ExecutionStatus, TransitionCommit, WorkItem, WorkKind } from '../src/store/store-port.js';

export const stateMachineArn = 'arn:aws:states:us-east-1:123456789012:stateMachine:trip';
export const otherStateMachineArn = 'arn:aws:states:us-east-1:123456789012:stateMachine:refund';

export function executionArnOf(name: string, machineArn: string = stateMachineArn): string {
  return `${machineArn.replace(':stateMachine:', ':execution:')}:${name}`;
}

export function event(
  id: number,
  previousEventId: number,
  type: string,
  details: Record<string, unknown> = {},
): HistoryEvent {
  return { id, previousEventId, timestamp: 1_700_000_000_000 + id, type, ...details };
}

export function workItem(id: string, executionArn: string, dueAt: number, options: { kind?: WorkKind } = {}): WorkItem {
  const payload = JSON.stringify({ state: 'Book', attempt: 1 });
  return { id, executionArn, kind: options.kind ?? 'task', dueAt, payload, owner: null, leaseUntil: null };
}

export interface CreateOptions {
  startDate?: number;
  stateMachineArn?: string;
  input?: string;
  events?: HistoryEvent[];
  insertWork?: WorkItem[];
}

export function createCommit(name: string, options: CreateOptions = {}): TransitionCommit {
  const machineArn = options.stateMachineArn ?? stateMachineArn;
  return {
    executionArn: executionArnOf(name, machineArn),
    expectedVersion: 0,
    create: {
      stateMachineArn: machineArn,
      name,
      definitionId: 'sha-trip',
      input: options.input ?? '{"a":1}',
      startDate: options.startDate ?? 1000,
    },
    update: { status: 'RUNNING', snapshot: '{"step":0}', output: null, error: null, cause: null, stopDate: null },
    events: options.events ?? [],
    deleteWorkIds: [],
    insertWork: options.insertWork ?? [],
  };
}

export interface UpdateOptions {
  status?: ExecutionStatus;
  output?: string;
  error?: string;
  cause?: string;
  stopDate?: number;
  events?: HistoryEvent[];
  deleteWorkIds?: string[];
  insertWork?: WorkItem[];
}

export function updateCommit(
  executionArn: string,
  expectedVersion: number,
  options: UpdateOptions = {},
): TransitionCommit {
  return {
    executionArn,
    expectedVersion,
    update: {
      status: options.status ?? 'RUNNING',
      snapshot: JSON.stringify({ step: expectedVersion }),
      output: options.output ?? null,
      error: options.error ?? null,
      cause: options.cause ?? null,
      stopDate: options.stopDate ?? null,
    },
    events: options.events ?? [],
    deleteWorkIds: options.deleteWorkIds ?? [],
    insertWork: options.insertWork ?? [],
  };
}
