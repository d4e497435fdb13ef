import Database from 'better-sqlite3';

import type { Store } from '../store/store-port.js';
import type { SqliteSettings } from './sqlite-store.js';

/** What the worker thread serves: every `Store` method (but the cross-process wake-ups), and the settings. */
export interface SqliteWorkerMethods extends Omit<
  Store,
  'onWorkAvailable' | 'preferredCommitConcurrency' | 'registry'
> {
  readSettings(): Promise<SqliteSettings>;
}

export type SqliteWorkerMethod = keyof SqliteWorkerMethods;

/** Every method name, checked against the interface in both directions. */
const methodFlags: Record<SqliteWorkerMethod, true> = {
  migrate: true,
  saveDefinition: true,
  getDefinition: true,
  commitTransitions: true,
  getExecution: true,
  findExecution: true,
  listExecutions: true,
  listUnfinishedExecutions: true,
  getHistory: true,
  claimWork: true,
  renewLeases: true,
  releaseLeases: true,
  listWork: true,
  nextDueAt: true,
  countDueWork: true,
  deleteFinishedExecutions: true,
  loadSetting: true,
  registerEngine: true,
  heartbeatEngine: true,
  listEngines: true,
  removeEngines: true,
  readSettings: true,
  close: true,
};

export const sqliteWorkerMethods = Object.keys(methodFlags) as SqliteWorkerMethod[];

export function isSqliteWorkerMethod(name: unknown): name is SqliteWorkerMethod {
  return typeof name === 'string' && Object.hasOwn(methodFlags, name);
}

/** Main thread → worker: call `method` with `args` (structured-cloned). */
export interface SqliteWorkerRequest {
  id: number;
  method: SqliteWorkerMethod;
  args: unknown[];
}

/**
 * Worker → main thread: the outcome of request `id`. Id 0 answers the opening of the store
 * (sent once, before any request is served).
 */
export type SqliteWorkerResponse =
  { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WireError };

/** An error as it crosses the thread boundary: class, message, stack and own data properties (e.g. `code`). */
export interface WireError {
  name: string;
  message: string;
  stack: string | undefined;
  /** Own enumerable properties that survive structured cloning (better-sqlite3's `code`, errno, ...). */
  properties: Record<string, unknown>;
  cause?: WireError | { value: unknown };
}

const builtinErrors: Record<string, new (message: string) => Error> = {
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
};

/** Turns anything thrown in the worker into a cloneable description. */
export function toWireError(thrown: unknown): WireError {
  if (!(thrown instanceof Error)) {
    return { name: 'Error', message: String(thrown), stack: undefined, properties: {} };
  }
  const properties: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(thrown)) {
    if (key === 'message' || key === 'stack' || key === 'name' || key === 'cause') continue;
    if (isCloneable(value)) properties[key] = value;
  }
  const wire: WireError = { name: thrown.name, message: thrown.message, stack: thrown.stack, properties };
  if ('cause' in thrown) {
    const { cause } = thrown;
    if (cause instanceof Error) wire.cause = toWireError(cause);
    else if (isCloneable(cause)) wire.cause = { value: cause };
  }
  return wire;
}

/**
 * Rebuilds the error on this side: the same class for the built-in errors and better-sqlite3's
 * `SqliteError` (so `instanceof` and `code` checks keep working), the worker's stack, and its data.
 */
export function fromWireError(wire: WireError): Error {
  const code = wire.properties.code;
  let error: Error;
  if (wire.name === 'SqliteError' && typeof code === 'string') {
    error = new Database.SqliteError(wire.message, code);
  } else {
    const Builtin = Object.hasOwn(builtinErrors, wire.name) ? builtinErrors[wire.name] : undefined;
    error = new (Builtin ?? Error)(wire.message);
    if (Builtin === undefined) {
      Object.defineProperty(error, 'name', { value: wire.name, writable: true, enumerable: false, configurable: true });
    }
  }
  Object.assign(error, wire.properties);
  if (wire.stack !== undefined) error.stack = wire.stack;
  if (wire.cause !== undefined) {
    const cause = 'value' in wire.cause ? wire.cause.value : fromWireError(wire.cause);
    Object.defineProperty(error, 'cause', { value: cause, writable: true, enumerable: false, configurable: true });
  }
  return error;
}

function isCloneable(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return typeof value !== 'function' && typeof value !== 'symbol';
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
}
