/** The row shapes and mappings are shared by both SQL adapters; the column lists are this adapter's. */
export * from '../store/store-rows.js';

export const executionColumns =
  'execution_arn, state_machine_arn, name, definition_id, status, input, output, error, cause, start_date, stop_date, snapshot, version';

export const workColumns = 'id, execution_arn, kind, due_at, payload, owner, lease_until';
