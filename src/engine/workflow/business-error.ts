/**
 * A business failure: the workflow rolls back (compensate, cancel, XA rollback in reverse order of
 * registration) and ends FAILED. Throw it from the workflow function or from a step or branch action;
 * an HTTP participant answering 409 becomes one. Any other error leaves the workflow pending and
 * retried later.
 */
export class BusinessError extends Error {
  /** The error name recorded on the execution (default `BusinessError`). */
  readonly error: string;

  constructor(message: string, error = 'BusinessError') {
    super(message);
    this.name = 'BusinessError';
    this.error = error;
  }
}

export function isBusinessError(value: unknown): value is BusinessError {
  return value instanceof BusinessError;
}

/** Misuse of the workflow API (a name used twice, a handler missing on replay): a bug, never retried away. */
export class WorkflowUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkflowUsageError';
  }
}

/** A participant answered 425: still in progress, ask again at a fixed interval. */
export class BranchOngoingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BranchOngoingError';
  }
}

/** The error and cause an execution or event records for a thrown value. */
export function describeError(value: unknown): { error: string; cause: string } {
  if (value instanceof BusinessError) return { error: value.error, cause: value.message };
  if (value instanceof Error) return { error: value.name || 'Error', cause: value.message };
  return { error: 'Error', cause: typeof value === 'string' ? value : safeStringify(value) };
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
