import type {
  DefinitionRecord,
  EngineRecord,
  ExecutionRecord,
  ExecutionStatus,
  WorkItem,
  WorkKind,
} from './store-port.js';

/**
 * Row shapes as both SQL adapters read them (snake_case columns; numbers as numbers: SQLite gives them
 * so, PostgreSQL through `postgresTypes`), and their mappings to port records.
 */

export interface DefinitionRow {
  id: string;
  state_machine_arn: string;
  text: string;
  created_at: number;
}

export interface ExecutionRow {
  execution_arn: string;
  state_machine_arn: string;
  name: string;
  definition_id: string;
  status: string;
  input: string;
  output: string | null;
  error: string | null;
  cause: string | null;
  start_date: number;
  stop_date: number | null;
  snapshot: string;
  version: number;
}

export interface WorkRow {
  id: string;
  execution_arn: string;
  kind: string;
  due_at: number;
  payload: string;
  owner: string | null;
  lease_until: number | null;
}

export interface EngineRow {
  id: string;
  host: string;
  pid: number;
  started_at: number;
  heartbeat_at: number;
}

export function toDefinitionRecord(row: DefinitionRow): DefinitionRecord {
  return { id: row.id, stateMachineArn: row.state_machine_arn, text: row.text, createdAt: row.created_at };
}

export function toExecutionRecord(row: ExecutionRow): ExecutionRecord {
  return {
    executionArn: row.execution_arn,
    stateMachineArn: row.state_machine_arn,
    name: row.name,
    definitionId: row.definition_id,
    status: row.status as ExecutionStatus,
    input: row.input,
    output: row.output,
    error: row.error,
    cause: row.cause,
    startDate: row.start_date,
    stopDate: row.stop_date,
    snapshot: row.snapshot,
    version: row.version,
  };
}

export function toWorkItem(row: WorkRow): WorkItem {
  return {
    id: row.id,
    executionArn: row.execution_arn,
    kind: row.kind as WorkKind,
    dueAt: row.due_at,
    payload: row.payload,
    owner: row.owner,
    leaseUntil: row.lease_until,
  };
}

export function toEngineRecord(row: EngineRow): EngineRecord {
  return { id: row.id, host: row.host, pid: row.pid, startedAt: row.started_at, heartbeatAt: row.heartbeat_at };
}
