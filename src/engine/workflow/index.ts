/** Code-first durable workflows: saga, TCC and XA branches, recorded steps (see docs/workflows.md). */
export { BusinessError, WorkflowUsageError } from './business-error.js';
export { postgresXaResource } from './postgres-xa-resource.js';
export { mysqlXaResource } from './mysql-xa-resource.js';
export { xaTransactionId, type XaResource } from './xa-resource.js';
export type { WorkflowProgress } from './workflow-progress.js';
export type { PlannedOperation, RecordedOutcome, WorkflowPhase } from './workflow-snapshot.js';
export type {
  BranchContext,
  BranchOp as WorkflowBranchOp,
  BranchOperation,
  BranchType,
  FinishInfo,
  HttpBranchRequest,
  HttpStepAnswer,
  HttpStepRequest,
  RetryPolicy,
  SagaBranch,
  SignalWaitOptions,
  TccBranch,
  WorkflowContext,
  WorkflowFunction,
  WorkflowOptions,
  WorkflowResult,
  WorkflowStatus,
  XaBranch,
} from './workflow-types.js';
