import type Database from 'better-sqlite3';

import type { ExecutionRecord, ListExecutionsQuery } from '../store/store-port.js';
import { toExecutionRecord, type ExecutionRow } from './sqlite-rows.js';

export interface SqliteExecutions {
  get(executionArn: string): ExecutionRecord | undefined;
  find(arnOrName: string): ExecutionRecord | undefined;
  list(query: ListExecutionsQuery): ExecutionRecord[];
  listUnfinished(): string[];
}

const defaultListLimit = 100;

const columns =
  'execution_arn, state_machine_arn, name, definition_id, status, input, output, error, cause, start_date, stop_date, snapshot, version';

type ListParameters = Record<string, string | number>;

export function prepareSqliteExecutions(db: Database.Database): SqliteExecutions {
  const selectByArn = db.prepare<[string], ExecutionRow>(`SELECT ${columns} FROM executions WHERE execution_arn = ?`);
  const selectNewestByName = db.prepare<[string], ExecutionRow>(
    `SELECT ${columns} FROM executions WHERE name = ? ORDER BY start_date DESC, execution_arn DESC LIMIT 1`,
  );
  const selectRunningArns = db.prepare<[], { execution_arn: string }>(
    `SELECT execution_arn FROM executions WHERE status = 'RUNNING' ORDER BY start_date, execution_arn`,
  );
  // One statement per combination of filters (at most 8), each prepared on first use.
  const listStatements = new Map<string, Database.Statement<[ListParameters], ExecutionRow>>();

  function listStatement(query: ListExecutionsQuery): Database.Statement<[ListParameters], ExecutionRow> {
    const key = `${query.status !== undefined}:${query.stateMachineArn !== undefined}:${query.after !== undefined}`;
    let statement = listStatements.get(key);
    if (statement === undefined) {
      statement = db.prepare<[ListParameters], ExecutionRow>(listSql(query));
      listStatements.set(key, statement);
    }
    return statement;
  }

  return {
    get(executionArn) {
      const row = selectByArn.get(executionArn);
      return row === undefined ? undefined : toExecutionRecord(row);
    },
    find(arnOrName) {
      const row = selectByArn.get(arnOrName) ?? selectNewestByName.get(arnOrName);
      return row === undefined ? undefined : toExecutionRecord(row);
    },
    list(query) {
      return listStatement(query).all(listParameters(query)).map(toExecutionRecord);
    },
    listUnfinished() {
      return selectRunningArns.all().map((row) => row.execution_arn);
    },
  };
}

function listSql(query: ListExecutionsQuery): string {
  const conditions: string[] = [];
  if (query.status !== undefined) conditions.push('status = @status');
  if (query.stateMachineArn !== undefined) conditions.push('state_machine_arn = @stateMachineArn');
  if (query.after !== undefined) conditions.push('(start_date, execution_arn) < (@afterStartDate, @afterExecutionArn)');
  const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
  return `SELECT ${columns} FROM executions ${where} ORDER BY start_date DESC, execution_arn DESC LIMIT @limit`;
}

function listParameters(query: ListExecutionsQuery): ListParameters {
  const parameters: ListParameters = { limit: query.limit ?? defaultListLimit };
  if (query.status !== undefined) parameters['status'] = query.status;
  if (query.stateMachineArn !== undefined) parameters['stateMachineArn'] = query.stateMachineArn;
  if (query.after !== undefined) {
    parameters['afterStartDate'] = query.after.startDate;
    parameters['afterExecutionArn'] = query.after.executionArn;
  }
  return parameters;
}
