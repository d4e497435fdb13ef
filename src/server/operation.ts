import type { Engine } from '../engine/engine.js';
import type { Registry } from '../store/registry-port.js';
import type { Store } from '../store/store-port.js';
import type { CheckedDefinitionCache } from './definition-check.js';

/** What every operation can reach. Built once by the server at start-up, plus a per-request `signal`. */
export interface ServerContext {
  engine: Engine;
  store: Store;
  registry: Registry;
  region: string;
  account: string;
  /** epoch ms */
  now: () => number;
  /** Parsed definitions by text, so StartExecution does not re-validate a state machine's definition. */
  definitions?: CheckedDefinitionCache;
  /** Aborted when the client of this request disconnects (long polls such as GetActivityTask end then). */
  signal?: AbortSignal;
}

/**
 * One API operation (`X-Amz-Target: AWSStepFunctions.<name>`): takes the parsed request body
 * (camelCase members, not yet validated) and returns the response body. Throws `ApiError` for
 * client errors; anything else becomes a 500 `InternalFailure` (a bug).
 */
export interface Operation {
  name: string;
  run(input: unknown, context: ServerContext): Promise<unknown>;
}
