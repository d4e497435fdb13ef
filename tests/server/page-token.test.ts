import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/server/api-error.js';
import { PAGE_TOKEN_LIFETIME_MS, PageTokens } from '../../src/server/page-token.js';

function invalidToken(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).type).toBe('InvalidToken');
    return (error as ApiError).message;
  }
  throw new Error('the token was accepted');
}

describe('page tokens', () => {
  let now = 1_000_000;
  const tokens = new PageTokens(Buffer.alloc(32, 7), () => now);

  it('round-trips the key for the list it was issued for', () => {
    const token = tokens.issue('ListExecutions arn:x RUNNING', { startDate: 5, executionArn: 'arn:e' });
    expect(tokens.read('ListExecutions arn:x RUNNING', token)).toEqual({ startDate: 5, executionArn: 'arn:e' });
  });

  it('refuses a modified, foreign, forged, malformed or expired token', () => {
    const token = tokens.issue('ListStateMachines', 'orders');
    const [payload, mac] = token.split('.') as [string, string];
    const altered = Buffer.from(JSON.stringify({ s: 'ListStateMachines', k: 'zzz', t: now })).toString('base64url');
    expect(invalidToken(() => tokens.read('ListStateMachines', `${altered}.${mac}`))).toMatch(/modified/);
    expect(invalidToken(() => tokens.read('ListExecutions arn:x *', token))).toMatch(/another request/);
    const other = new PageTokens(Buffer.alloc(32, 8), () => now);
    expect(invalidToken(() => other.read('ListStateMachines', token))).toMatch(/not issued/);
    expect(invalidToken(() => tokens.read('ListStateMachines', payload))).toMatch(/malformed/);
    now += PAGE_TOKEN_LIFETIME_MS + 1;
    expect(invalidToken(() => tokens.read('ListStateMachines', token))).toMatch(/expired/);
  });
});
