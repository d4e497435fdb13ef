import type { Engine } from '../engine/engine.js';
import type { Registry } from '../store/registry-port.js';
import type { Store } from '../store/store-port.js';
import type { ApiError } from './api-error.js';
import type { Operation } from './operation.js';

/** What `verifyRequest` sees: the raw request, before routing (SigV4 hashes the exact body bytes). */
export interface VerifiableRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A Prometheus (or other) metrics source served at `GET /metrics`. */
export interface MetricsSource {
  contentType: string;
  render(): Promise<string>;
}

/** One answered API request, for observers (metrics). */
export interface ApiRequestRecord {
  /** The operation name, undefined when the target was missing or unknown. */
  operation: string | undefined;
  status: number;
  /** The error code (`__type`) of a failed request. */
  errorType: string | undefined;
  durationMs: number;
}

export interface ServerLogOptions {
  /** pino level; default 'info'. */
  level?: string;
  /** Where the JSON lines go; default stdout. */
  stream?: { write(line: string): unknown };
}

export interface ServerOptions {
  engine: Engine;
  store: Store;
  /** Default: `store.registry`. */
  registry?: Registry;
  /** Default: every operation of `operations/index.ts`. */
  operations?: readonly Operation[];
  /** Called before routing; a returned ApiError is the answer (e.g. a SigV4 signature mismatch). */
  verifyRequest?: (request: VerifiableRequest) => ApiError | undefined;
  /** Served at `GET /metrics`. */
  metrics?: MetricsSource;
  /** Called once per answered API request (`POST /`). */
  onApiRequest?: (record: ApiRequestRecord) => void;
  /** Largest request body; default 1 MiB (AWS's request limit). Larger bodies get HTTP 413. */
  bodyLimitBytes?: number;
  /** Structured JSON logs (pino), one line per request; false for none. */
  log?: ServerLogOptions | false;
  /** epoch ms; default Date.now. */
  now?: () => number;
}
