import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/server/api-error.js';
import { createSigV4Verifier, type VerifiableRequest } from '../../src/server/sigv4/sigv4-verifier.js';
import { ACCESS_KEY_ID, SECRET_ACCESS_KEY, SIGNED_AT, signRequest } from './sigv4-signing.js';

const MINUTE = 60_000;

function verifierAt(now: number) {
  return createSigV4Verifier({ accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY, now: () => now });
}

const verify = verifierAt(SIGNED_AT + 20_000);

function rejection(request: VerifiableRequest, check = verify): ApiError {
  const result = check(request);
  expect(result).toBeInstanceOf(ApiError);
  return result!;
}

function withHeaders(request: VerifiableRequest, headers: Record<string, string | undefined>): VerifiableRequest {
  return { ...request, headers: { ...request.headers, ...headers } };
}

const SIGNATURE_MISMATCH = /^The request signature we calculated does not match the signature you provided\./;

describe('SigV4 verification', () => {
  it('accepts a Step Functions call signed as the SDK signs it, in any region', async () => {
    expect(verify(await signRequest())).toBeUndefined();
    expect(verify(await signRequest({ region: 'ap-southeast-2' }))).toBeUndefined();
  });

  it('accepts a signed X-Amz-Security-Token without checking it', async () => {
    const request = await signRequest({ sessionToken: 'any-session-token' });
    expect(request.headers['x-amz-security-token']).toBe('any-session-token');
    expect(String(request.headers.authorization)).toContain('x-amz-security-token');
    expect(verify(request)).toBeUndefined();
  });

  it('rejects a tampered body with AWS’s message naming the canonical request and string to sign', async () => {
    const request = await signRequest({ body: '{"maxResults":10}' });
    expect(request.headers['x-amz-content-sha256']).toMatch(/^[0-9a-f]{64}$/); // the SDK signs the body's hash
    const error = rejection({ ...request, body: Buffer.from('{"maxResults":11}') });
    expect(error.type).toBe('InvalidSignatureException');
    expect(error.status).toBe(403);
    expect(error.message).toMatch(SIGNATURE_MISMATCH);
    expect(error.message).toContain("The Canonical String for this request should have been\n'POST\n/\n\n");
    expect(error.message).toContain("The String-to-Sign should have been\n'AWS4-HMAC-SHA256\n20260115T123045Z\n");
    expect(error.message).toContain('20260115/eu-west-3/states/aws4_request');
  });

  it('rejects a tampered signed header, and accepts an added unsigned one', async () => {
    const request = await signRequest();
    const tampered = withHeaders(request, { 'x-amz-target': 'AWSStepFunctions.DeleteStateMachine' });
    expect(rejection(tampered).message).toMatch(SIGNATURE_MISMATCH);
    expect(verify(withHeaders(request, { 'user-agent': 'added by a proxy' }))).toBeUndefined();
  });

  it('canonicalizes header values: extra spaces around and inside a value still match', async () => {
    const request = await signRequest({
      headers: { host: 'localhost', 'x-amz-target': 'AWSStepFunctions.ListStateMachines', 'x-custom': 'a  b' },
    });
    expect(verify(withHeaders(request, { 'x-custom': '  a b   ' }))).toBeUndefined();
    expect(rejection(withHeaders(request, { 'x-custom': 'ab' })).type).toBe('InvalidSignatureException');
  });

  it('rejects a wrong secret as InvalidSignatureException and an unknown key id as UnrecognizedClientException', async () => {
    const wrongSecret = rejection(await signRequest({ secretAccessKey: 'not-the-secret' }));
    expect(wrongSecret.type).toBe('InvalidSignatureException');
    expect(wrongSecret.message).toMatch(SIGNATURE_MISMATCH);
    const wrongKey = rejection(await signRequest({ accessKeyId: 'AKIDSOMEONEELSE' }));
    expect([wrongKey.type, wrongKey.status, wrongKey.message]).toEqual([
      'UnrecognizedClientException',
      403,
      'The security token included in the request is invalid.',
    ]);
  });

  it('rejects a request without Authorization as MissingAuthenticationTokenException', async () => {
    const error = rejection(withHeaders(await signRequest(), { authorization: undefined }));
    expect([error.type, error.status, error.message]).toEqual([
      'MissingAuthenticationTokenException',
      403,
      'Request is missing Authentication Token',
    ]);
  });

  it('requires host among the signed headers', async () => {
    const unsignedHost = await signRequest({ headers: { 'x-amz-target': 'AWSStepFunctions.ListStateMachines' } });
    expect(String(unsignedHost.headers.authorization)).not.toContain('host');
    const error = rejection(withHeaders(unsignedHost, { host: 'localhost' }));
    expect([error.type, error.message]).toEqual([
      'InvalidSignatureException',
      "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    ]);
  });

  it('rejects a request signed more than 5 minutes away from now, with AWS’s messages', async () => {
    const request = await signRequest();
    expect(verifierAt(SIGNED_AT + 4 * MINUTE)(request)).toBeUndefined();
    expect(verifierAt(SIGNED_AT - 4 * MINUTE)(request)).toBeUndefined();
    const expired = rejection(request, verifierAt(SIGNED_AT + 6 * MINUTE));
    expect([expired.type, expired.status, expired.message]).toEqual([
      'InvalidSignatureException',
      403,
      'Signature expired: 20260115T123045Z is now earlier than 20260115T123145Z (20260115T123645Z - 5 min.)',
    ]);
    const early = rejection(request, verifierAt(SIGNED_AT - 6 * MINUTE));
    expect(early.message).toBe(
      'Signature not yet current: 20260115T123045Z is still later than 20260115T122945Z (20260115T122445Z + 5 min.)',
    );
  });

  it('honours maxSkewMs', async () => {
    const request = await signRequest();
    const strict = createSigV4Verifier({
      accessKeyId: ACCESS_KEY_ID,
      secretAccessKey: SECRET_ACCESS_KEY,
      now: () => SIGNED_AT + 2 * MINUTE,
      maxSkewMs: MINUTE,
    });
    expect(rejection(request, strict).message).toMatch(/^Signature expired: .* - 1 min\.\)$/);
  });

  it('verifies query strings: sorted, repeated and encoded parameters, and an encoded path', async () => {
    const request = await signRequest({
      method: 'GET',
      path: '/tasks/a%20b/./c',
      query: { zeta: 'last', alpha: ['2', '1'], 'sp ace': 'x+y/z', empty: '' },
      headers: { host: 'localhost:8083' },
      body: '',
    });
    expect(request.url).toBe('/tasks/a%20b/./c?zeta=last&alpha=2&alpha=1&sp%20ace=x%2By%2Fz&empty=');
    expect(verify(request)).toBeUndefined();
    expect(rejection({ ...request, url: request.url.replace('zeta=last', 'zeta=other') }).message).toMatch(
      SIGNATURE_MISMATCH,
    );
    expect(rejection({ ...request, url: request.url.replace('/tasks/', '/task/') }).message).toMatch(
      SIGNATURE_MISMATCH,
    );
  });

  it('rejects a signed x-amz-content-sha256 that is not the body’s hash', async () => {
    const request = await signRequest({
      headers: { host: 'localhost', 'x-amz-content-sha256': 'a'.repeat(64) },
      body: '{}',
    });
    const error = rejection(request);
    expect([error.type, error.status]).toEqual(['InvalidSignatureException', 403]);
    expect(error.message).toMatch(SIGNATURE_MISMATCH);
  });

  it('accepts a signed x-amz-content-sha256 that is the body’s hash', async () => {
    const bodyHash = '44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a'; // sha256("{}")
    const request = await signRequest({ headers: { host: 'localhost', 'x-amz-content-sha256': bodyHash }, body: '{}' });
    expect(String(request.headers.authorization)).toContain('x-amz-content-sha256');
    expect(verify(request)).toBeUndefined();
  });

  it('rejects a credential scoped to another service', async () => {
    const error = rejection(await signRequest({ service: 'lambda' }));
    expect([error.type, error.message]).toEqual([
      'InvalidSignatureException',
      "Credential should be scoped to correct service: 'states'.",
    ]);
  });

  it('rejects malformed authorization headers and a missing X-Amz-Date as IncompleteSignatureException', async () => {
    const request = await signRequest();
    const basic = rejection(withHeaders(request, { authorization: 'Basic dXNlcjpwYXNz' }));
    expect([basic.type, basic.status]).toEqual(['IncompleteSignatureException', 400]);
    const noSignature = String(request.headers.authorization).replace(/, Signature=.*$/, '');
    const missing = rejection(withHeaders(request, { authorization: noSignature }));
    expect(missing.message).toContain("Authorization header requires 'Signature' parameter.");
    const noDate = rejection(withHeaders(request, { 'x-amz-date': undefined }));
    expect(noDate.type).toBe('IncompleteSignatureException');
    const impossibleDate = rejection(withHeaders(request, { 'x-amz-date': '20260230T123045Z' }));
    expect(impossibleDate.type).toBe('IncompleteSignatureException');
  });
});
