/** The participant barrier (DTM's sub-transaction barrier): see docs/barrier.md. */
export { BarrierFieldError, RedisBarrierBusinessError } from './barrier-error.js';
export {
  FIELD_LIMITS,
  OPS_BY_TRANS_TYPE,
  TRANS_TYPES,
  checkBranchIdentity,
  forwardOpOf,
  type BranchIdentity,
  type BranchOp,
  type TransType,
} from './barrier-identity.js';
export type { BarrierOutcome, BarrierResult } from './barrier-outcome.js';
export type { SqlBarrierOptions } from './barrier-options.js';
export { DEFAULT_BARRIER_TABLE } from './barrier-table-name.js';
export { BranchBarrier, createBranchBarrier, type BarrierRowKey } from './branch-barrier.js';
export { barrierFromQuery, type BarrierQuery } from './barrier-from-query.js';
export { barrierFromTaskContext, type TaskBarrierOptions } from './barrier-from-task-context.js';
export { callSqliteBarrier } from './sqlite-barrier.js';
export { ensureSqliteBarrierTable } from './sqlite-barrier-table.js';
export { callPostgresBarrier } from './postgres-barrier.js';
export { ensurePostgresBarrierTable } from './postgres-barrier-table.js';
export { DEFAULT_DEADLOCK_ATTEMPTS, callMysqlBarrier, type MysqlBarrierOptions } from './mysql-barrier.js';
export { ensureMysqlBarrierTable } from './mysql-barrier-table.js';
export {
  DEFAULT_REDIS_BARRIER_EXPIRE_SECONDS,
  callRedisBarrier,
  redisBarrierKey,
  type RedisBarrierOptions,
  type RedisBusinessOperation,
} from './redis-barrier.js';
export { adjustRedisBalance } from './redis-adjust-balance.js';
export type { RedisReply } from './redis-eval.js';
