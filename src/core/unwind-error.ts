import type { DefinitionProblem } from './states-error.js';

/** Stable error codes; the CLI maps them to exit codes and the server to HTTP statuses, each in one file. */
export type UnwindErrorCode =
  | 'InvalidDefinition'
  | 'InvalidInput'
  | 'InvalidName'
  | 'ExecutionAlreadyExists'
  | 'ExecutionDoesNotExist'
  | 'ExecutionNotRedrivable'
  | 'HandlerModuleLoadFailed'
  | 'EngineStopped'
  | 'InvalidToken'
  | 'TaskTimedOut'
  | 'UsageError';

export class UnwindError extends Error {
  readonly code: UnwindErrorCode;
  readonly problems: readonly DefinitionProblem[];

  constructor(code: UnwindErrorCode, message: string, problems: readonly DefinitionProblem[] = []) {
    super(message);
    this.name = 'UnwindError';
    this.code = code;
    this.problems = problems;
  }
}
