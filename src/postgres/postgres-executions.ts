import type { ExecutionRecord, ListExecutionsQuery } from '../store/store-port.js';
import type { PostgresSession } from './postgres-database.js';
import { executionColumns, toExecutionRecord, type ExecutionRow } from './postgres-rows.js';
import { quoteSchema } from './postgres-schema-name.js';

export interface PostgresExecutions {
  get(executionArn: string): Promise<ExecutionRecord | undefined>;
  find(arnOrName: string): Promise<ExecutionRecord | undefined>;
  list(query: ListExecutionsQuery): Promise<ExecutionRecord[]>;
  listUnfinished(): Promise<string[]>;
}

const defaultListLimit = 100;

export function createPostgresExecutions(session: PostgresSession, schema: string): PostgresExecutions {
  const executions = `${quoteSchema(schema)}.executions`;
  const selectByArn = `SELECT ${executionColumns} FROM ${executions} WHERE execution_arn = $1`;
  const selectNewestByName = `SELECT ${executionColumns} FROM ${executions} WHERE name = $1
    ORDER BY start_date DESC, execution_arn DESC LIMIT 1`;
  const selectRunningArns = `SELECT execution_arn FROM ${executions} WHERE status = 'RUNNING'
    ORDER BY start_date, execution_arn`;

  async function get(executionArn: string): Promise<ExecutionRecord | undefined> {
    const row = (await session.run<ExecutionRow>(selectByArn, [executionArn], 'unwind_get_execution')).rows[0];
    return row === undefined ? undefined : toExecutionRecord(row);
  }

  return {
    get,
    async find(arnOrName) {
      const byArn = await get(arnOrName);
      if (byArn !== undefined) return byArn;
      const row = (await session.run<ExecutionRow>(selectNewestByName, [arnOrName])).rows[0];
      return row === undefined ? undefined : toExecutionRecord(row);
    },
    async list(query) {
      const { text, values } = listStatement(executions, query);
      return (await session.run<ExecutionRow>(text, values)).rows.map(toExecutionRecord);
    },
    async listUnfinished() {
      const result = await session.run<{ execution_arn: string }>(selectRunningArns);
      return result.rows.map((row) => row.execution_arn);
    },
  };
}

/** Newest first, with the optional filters and the keyset `after` cursor. */
function listStatement(executions: string, query: ListExecutionsQuery): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const conditions: string[] = [];
  const parameter = (value: unknown): string => `$${values.push(value)}`;
  if (query.status !== undefined) conditions.push(`status = ${parameter(query.status)}`);
  if (query.stateMachineArn !== undefined) conditions.push(`state_machine_arn = ${parameter(query.stateMachineArn)}`);
  if (query.after !== undefined) {
    const { startDate, executionArn } = query.after;
    conditions.push(`(start_date, execution_arn) < (${parameter(startDate)}::bigint, ${parameter(executionArn)})`);
  }
  const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
  const limit = parameter(query.limit ?? defaultListLimit);
  return {
    text: `SELECT ${executionColumns} FROM ${executions} ${where}
      ORDER BY start_date DESC, execution_arn DESC LIMIT ${limit}`,
    values,
  };
}
