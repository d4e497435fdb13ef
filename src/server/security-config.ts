import { isIP } from 'node:net';
import { UnwindError } from '../core/unwind-error.js';
import { createSigV4Verifier, type RequestVerifier } from './sigv4/sigv4-verifier.js';

export interface ServerSecurityInput {
  /** The address `unwind serve` listens on. */
  host: string;
  /** From `--access-key-id` / `--secret-access-key`; they win over the environment. */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Read for UNWIND_ACCESS_KEY_ID / UNWIND_SECRET_ACCESS_KEY when no option is given. */
  env: Readonly<Record<string, string | undefined>>;
  /** epoch ms for the signature's time check; default `Date.now`. */
  now?: () => number;
}

export interface ServerSecurity {
  /** Set when credentials were given: every request must then be SigV4-signed with them. */
  verifyRequest?: RequestVerifier;
}

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** 127.0.0.0/8, ::1 (also bracketed or IPv4-mapped) and localhost: only this machine can connect. */
export function isLoopbackHost(host: string): boolean {
  const bare = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (bare === 'localhost' || bare === 'localhost.') return true;
  if (isIP(bare) === 6) {
    if (bare === '::1' || bare === '0:0:0:0:0:0:0:1') return true;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
    return mapped ? isLoopbackHost(mapped[1] ?? '') : false;
  }
  return isIP(bare) === 4 && bare.startsWith('127.');
}

function present(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function pair(idName: string, secretName: string, id?: string, secret?: string): Credentials | undefined {
  if (id && secret) return { accessKeyId: id, secretAccessKey: secret };
  if (id) throw new UnwindError('UsageError', `${idName} was given without ${secretName}: give both or neither.`);
  if (secret) throw new UnwindError('UsageError', `${secretName} was given without ${idName}: give both or neither.`);
  return undefined;
}

/** The explicit options when either is given, else the environment; one of a pair alone is an error. */
function resolveCredentials(input: ServerSecurityInput): Credentials | undefined {
  const id = present(input.accessKeyId);
  const secret = present(input.secretAccessKey);
  if (id || secret) return pair('--access-key-id', '--secret-access-key', id, secret);
  return pair(
    'UNWIND_ACCESS_KEY_ID',
    'UNWIND_SECRET_ACCESS_KEY',
    present(input.env.UNWIND_ACCESS_KEY_ID),
    present(input.env.UNWIND_SECRET_ACCESS_KEY),
  );
}

/**
 * Decides how `unwind serve` authenticates, once, at start-up: with credentials every request
 * must be SigV4-signed with them; without, only a loopback address may be listened on.
 */
export function resolveServerSecurity(input: ServerSecurityInput): ServerSecurity {
  const credentials = resolveCredentials(input);
  if (credentials) {
    return Object.freeze({
      verifyRequest: createSigV4Verifier({ ...credentials, ...(input.now ? { now: input.now } : {}) }),
    });
  }
  if (isLoopbackHost(input.host)) return Object.freeze({});
  throw new UnwindError(
    'UsageError',
    `refusing to listen on ${input.host} without credentials: set --access-key-id and --secret-access-key ` +
      'or UNWIND_ACCESS_KEY_ID/UNWIND_SECRET_ACCESS_KEY',
  );
}
