/**
 * A runtime failure inside a state, expressed with its ASL error name and cause
 * (States.ParameterPathFailure, States.ResultPathMatchFailure, States.Runtime, ...).
 * Data-processing functions throw it; the interpreter catches it at the state
 * boundary and turns it into data (Retry/Catch or a failed execution).
 */
export class StatesError extends Error {
  readonly error: string;
  override readonly cause: string;

  constructor(error: string, cause: string) {
    super(`${error}: ${cause}`);
    this.name = 'StatesError';
    this.error = error;
    this.cause = cause;
  }
}

/** A problem found in a definition, located by a JSON path such as `$.States.Pay.Next`. */
export interface DefinitionProblem {
  path: string;
  message: string;
}
