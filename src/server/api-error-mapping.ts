import { UnwindError } from '../core/unwind-error.js';
import { ApiError } from './api-error.js';

/** Engine error codes as Step Functions API error codes (HTTP 400 unless stated). */
const byCode: Readonly<Record<string, { type: string; status?: number }>> = {
  InvalidDefinition: { type: 'InvalidDefinition' },
  InvalidInput: { type: 'InvalidExecutionInput' },
  InvalidName: { type: 'InvalidName' },
  ExecutionAlreadyExists: { type: 'ExecutionAlreadyExists' },
  ExecutionDoesNotExist: { type: 'ExecutionDoesNotExist' },
  ExecutionNotRedrivable: { type: 'ExecutionNotRedrivable' },
  InvalidToken: { type: 'InvalidToken' },
  TaskTimedOut: { type: 'TaskTimedOut' },
  TaskDoesNotExist: { type: 'TaskDoesNotExist' },
  EngineStopped: { type: 'ServiceUnavailable', status: 503 },
};

/**
 * What the API answers for an error thrown by an operation: ApiErrors as they are, engine errors
 * by their code; undefined for anything else (a bug: the server answers 500 InternalFailure).
 */
export function apiErrorOf(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (error instanceof UnwindError) {
    const mapped = byCode[error.code];
    if (mapped) return new ApiError(mapped.type, error.message, mapped.status ?? 400);
  }
  return undefined;
}
