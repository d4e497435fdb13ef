import type { Engine } from '../engine/engine.js';
import type { Registry } from '../store/registry-port.js';
import type { Store } from '../store/store-port.js';

/** What every operation can reach. Built once by the server at start-up. */
export interface ServerContext {
  engine: Engine;
  store: Store;
  registry: Registry;
  region: string;
  account: string;
  /** epoch ms */
  now: () => number;
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
