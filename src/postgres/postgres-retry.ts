/**
 * Transient failures: the connection went away (server restart, `pg_terminate_backend`, network),
 * or the server chose this transaction as a deadlock/serialization victim. In every case the
 * statement or transaction did not take effect, or (for a lost COMMIT) its effect is re-checked by
 * the version checks of a retry; see `postgres-commit-transitions.ts`.
 */
const connectionSqlStates = new Set([
  '08000', // connection_exception
  '08001', // sqlclient_unable_to_establish_sqlconnection
  '08003', // connection_does_not_exist
  '08004', // sqlserver_rejected_establishment_of_sqlconnection
  '08006', // connection_failure
  '57P01', // admin_shutdown (pg_terminate_backend, smart/fast shutdown)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, recovering)
]);

/** The transaction was rolled back by the server, the connection is fine: run it again. */
const victimSqlStates = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
]);

const connectionNodeCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'EAI_AGAIN']);

/** Messages of errors that node-postgres raises itself, without a SQLSTATE. */
const connectionMessages = ['Connection terminated', 'connection error', 'timeout exceeded when trying to connect'];

/** The connection is gone or unusable: discard it. */
export function isPostgresConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = codeOf(error);
  if (connectionSqlStates.has(code) || connectionNodeCodes.has(code)) return true;
  return connectionMessages.some((message) => error.message.includes(message));
}

export function isTransientPostgresError(error: unknown): boolean {
  return isPostgresConnectionError(error) || (error instanceof Error && victimSqlStates.has(codeOf(error)));
}

function codeOf(error: Error): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : '';
}

export interface RetryPolicy {
  /** Give up when the next attempt would start later than this after the first (default 30 s). */
  timeoutMs: number;
  /** First back-off delay; doubles per attempt up to `maxDelayMs`. */
  initialDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { timeoutMs: 30_000, initialDelayMs: 50, maxDelayMs: 2_000 };

/** Runs `operation`, again after a capped exponential back-off while it fails transiently. */
export async function retryTransient<T>(policy: RetryPolicy, operation: () => Promise<T>): Promise<T> {
  const started = Date.now();
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await operation();
    } catch (error) {
      const delayMs = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** attempt);
      if (!isTransientPostgresError(error) || Date.now() - started + delayMs > policy.timeoutMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
