import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Store } from '../store/store-port.js';
import { ApiError } from './api-error.js';

/** AWS page tokens expire after 24 hours. */
export const PAGE_TOKEN_LIFETIME_MS = 24 * 3600 * 1000;

interface TokenBody {
  /** The list it continues, e.g. `ListExecutions arn:...:stateMachine:x RUNNING`. */
  s: string;
  /** Where the next page starts (opaque to the client). */
  k: unknown;
  /** Issued at, epoch ms. */
  t: number;
}

function invalid(why: string): ApiError {
  return new ApiError('InvalidToken', `Invalid Token: ${why}`);
}

/**
 * Opaque, tamper-evident page tokens: `base64url(JSON {scope, key, issuedAt}).base64url(HMAC-SHA256)`.
 * A token only continues the list it was issued for (same operation and filters), for 24 hours.
 */
export class PageTokens {
  constructor(
    private readonly secret: Buffer,
    private readonly now: () => number,
  ) {}

  issue(scope: string, key: unknown): string {
    const body: TokenBody = { s: scope, k: key, t: this.now() };
    const payload = Buffer.from(JSON.stringify(body)).toString('base64url');
    return `${payload}.${this.mac(payload)}`;
  }

  /** The key of a token issued for `scope`; InvalidToken when it was altered, is expired or is for another list. */
  read(scope: string, token: string): unknown {
    const [payload, mac, ...rest] = token.split('.');
    if (!payload || !mac || rest.length > 0) throw invalid('the token is malformed.');
    const expected = Buffer.from(this.mac(payload));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given))
      throw invalid('the token was not issued by this server or was modified.');
    const body = JSON.parse(Buffer.from(payload, 'base64url').toString()) as TokenBody;
    if (body.s !== scope) throw invalid('the token belongs to another request (other operation or filters).');
    if (this.now() - body.t > PAGE_TOKEN_LIFETIME_MS) throw invalid('the token has expired.');
    return body.k;
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }
}

const byStore = new WeakMap<Store, Promise<PageTokens>>();

/** The page tokens of a database: the secret is a durable setting, so every server on it accepts them. */
export function pageTokensOf(store: Store, now: () => number): Promise<PageTokens> {
  let tokens = byStore.get(store);
  if (!tokens) {
    tokens = store
      .loadSetting('page-token-secret', randomBytes(32).toString('base64'))
      .then((secret) => new PageTokens(Buffer.from(secret, 'base64'), now));
    tokens.catch(() => byStore.delete(store));
    byStore.set(store, tokens);
  }
  return tokens;
}
