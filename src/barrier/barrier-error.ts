import { UnwindError } from '../core/unwind-error.js';

/** A barrier field (`gid`, `trans_type`, `branch_id`, `op`, `barrier_id`) or option that cannot be used. */
export class BarrierFieldError extends UnwindError {
  readonly field: string;

  constructor(field: string, message: string) {
    super('InvalidInput', `barrier ${field}: ${message}`, [{ path: field, message }]);
    this.name = 'BarrierFieldError';
    this.field = field;
  }
}

/**
 * The business part of a Redis barrier script refused (it returned `redis.error_reply(...)` or raised an
 * error). Nothing of the barrier was written, so a later delivery of the same branch op runs it again.
 * A participant usually answers it with HTTP 409 (business failure) or 500 (retry), as the case may be.
 */
export class RedisBarrierBusinessError extends Error {
  readonly reason: string;

  constructor(reason: string) {
    super(`Redis barrier business script refused: ${reason}`);
    this.name = 'RedisBarrierBusinessError';
    this.reason = reason;
  }
}
