import type { UnwindErrorCode } from '../core/unwind-error.js';

/** Exit codes scripts can rely on. */
export const EXIT_SUCCEEDED = 0;
/** The execution ended otherwise than SUCCEEDED, or `validate` found problems. */
export const EXIT_NOT_SUCCEEDED = 1;
/** Usage error, invalid definition, unreadable input or handlers. */
export const EXIT_USAGE = 2;
export const EXIT_INTERRUPTED = 130;

const byCode: Record<UnwindErrorCode, number> = {
  InvalidDefinition: EXIT_USAGE,
  InvalidInput: EXIT_USAGE,
  InvalidName: EXIT_USAGE,
  ExecutionAlreadyExists: EXIT_USAGE,
  ExecutionDoesNotExist: EXIT_USAGE,
  ExecutionNotRedrivable: EXIT_USAGE,
  HandlerModuleLoadFailed: EXIT_USAGE,
  UsageError: EXIT_USAGE,
  EngineStopped: EXIT_INTERRUPTED,
  InvalidToken: EXIT_USAGE,
  TaskTimedOut: EXIT_USAGE,
};

export function exitCodeFor(code: UnwindErrorCode): number {
  return byCode[code];
}
