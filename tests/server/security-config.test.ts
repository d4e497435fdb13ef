import { describe, expect, it } from 'vitest';
import { UnwindError } from '../../src/core/unwind-error.js';
import { isLoopbackHost, resolveServerSecurity } from '../../src/server/security-config.js';
import { SIGNED_AT, signRequest } from './sigv4-signing.js';

const REFUSAL =
  'refusing to listen on 0.0.0.0 without credentials: set --access-key-id and --secret-access-key ' +
  'or UNWIND_ACCESS_KEY_ID/UNWIND_SECRET_ACCESS_KEY';

function usageError(run: () => unknown): UnwindError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UnwindError);
    expect((error as UnwindError).code).toBe('UsageError');
    return error as UnwindError;
  }
  throw new Error('expected a UsageError');
}

describe('server security', () => {
  it.each(['127.0.0.1', '127.8.9.10', '::1', '[::1]', 'localhost', 'LOCALHOST', '::ffff:127.0.0.1'])(
    'treats %s as loopback',
    (host) => expect(isLoopbackHost(host)).toBe(true),
  );

  it.each(['0.0.0.0', '::', '192.168.1.10', '128.0.0.1', 'example.com', 'localhost.example.com', '::ffff:10.0.0.1'])(
    'treats %s as reachable from other machines',
    (host) => expect(isLoopbackHost(host)).toBe(false),
  );

  it('listens on loopback without credentials and without verification', () => {
    expect(resolveServerSecurity({ host: '127.0.0.1', env: {} }).verifyRequest).toBeUndefined();
    expect(resolveServerSecurity({ host: '::1', env: {} }).verifyRequest).toBeUndefined();
  });

  it('refuses any other host without credentials, naming the options and variables', () => {
    expect(usageError(() => resolveServerSecurity({ host: '0.0.0.0', env: {} })).message).toBe(REFUSAL);
    expect(usageError(() => resolveServerSecurity({ host: '10.1.2.3', env: {} })).message).toContain(
      'refusing to listen on 10.1.2.3 without credentials',
    );
  });

  it('verifies signatures with explicit credentials, on loopback too', async () => {
    const security = resolveServerSecurity({
      host: '127.0.0.1',
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
      env: { UNWIND_ACCESS_KEY_ID: 'AKIDENV', UNWIND_SECRET_ACCESS_KEY: 'env-secret' },
      now: () => SIGNED_AT,
    });
    const verify = security.verifyRequest!;
    expect(verify(await signRequest())).toBeUndefined();
    expect(verify(await signRequest({ accessKeyId: 'AKIDENV', secretAccessKey: 'env-secret' }))?.type).toBe(
      'UnrecognizedClientException',
    );
  });

  it('takes credentials from UNWIND_ACCESS_KEY_ID / UNWIND_SECRET_ACCESS_KEY when no option is given', async () => {
    const security = resolveServerSecurity({
      host: '0.0.0.0',
      env: { UNWIND_ACCESS_KEY_ID: 'AKIDENV', UNWIND_SECRET_ACCESS_KEY: 'env-secret' },
      now: () => SIGNED_AT,
    });
    const verify = security.verifyRequest!;
    expect(verify(await signRequest({ accessKeyId: 'AKIDENV', secretAccessKey: 'env-secret' }))).toBeUndefined();
    expect(verify(await signRequest())?.type).toBe('UnrecognizedClientException');
  });

  it('refuses one credential without the other, from options or from the environment', () => {
    expect(usageError(() => resolveServerSecurity({ host: '127.0.0.1', accessKeyId: 'AKID', env: {} })).message).toBe(
      '--access-key-id was given without --secret-access-key: give both or neither.',
    );
    expect(
      usageError(() =>
        resolveServerSecurity({
          host: '0.0.0.0',
          secretAccessKey: 'secret',
          env: { UNWIND_ACCESS_KEY_ID: 'AKIDENV', UNWIND_SECRET_ACCESS_KEY: 'env-secret' },
        }),
      ).message,
    ).toBe('--secret-access-key was given without --access-key-id: give both or neither.');
    expect(
      usageError(() => resolveServerSecurity({ host: 'localhost', env: { UNWIND_SECRET_ACCESS_KEY: 'env-secret' } }))
        .message,
    ).toBe('UNWIND_SECRET_ACCESS_KEY was given without UNWIND_ACCESS_KEY_ID: give both or neither.');
  });

  it('treats empty values as not given', () => {
    const env = { UNWIND_ACCESS_KEY_ID: '', UNWIND_SECRET_ACCESS_KEY: '' };
    expect(resolveServerSecurity({ host: '127.0.0.1', accessKeyId: '', env }).verifyRequest).toBeUndefined();
    expect(usageError(() => resolveServerSecurity({ host: '0.0.0.0', env })).message).toBe(REFUSAL);
  });
});
