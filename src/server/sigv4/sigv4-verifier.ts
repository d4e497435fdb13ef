import { timingSafeEqual } from 'node:crypto';
import { ApiError } from '../api-error.js';
import { formatAmzDate, parseAmzDate } from './amz-date.js';
import { parseAuthorization, type ParsedAuthorization } from './authorization-header.js';
import { canonicalRequest, lowercaseHeaders, sha256Hex, type RequestHeaders } from './canonical-request.js';
import {
  incompleteSignature,
  invalidSignature,
  missingAuthenticationToken,
  signatureMismatch,
  unrecognizedClient,
} from './sigv4-errors.js';
import { SigningKeyCache, signatureOf, stringToSign } from './signing-key.js';

/** An HTTP request as received, before routing: `url` is the request target (path and query). */
export interface VerifiableRequest {
  method: string;
  url: string;
  headers: RequestHeaders;
  body: Buffer;
}

/** Returns the error to answer with, or undefined when the request may go on. */
export type RequestVerifier = (request: VerifiableRequest) => ApiError | undefined;

export interface SigV4VerifierOptions {
  accessKeyId: string;
  secretAccessKey: string;
  /** epoch ms; default `Date.now`. */
  now?: () => number;
  /** Largest accepted distance between `X-Amz-Date` and now (ms). Default 5 minutes, as AWS. */
  maxSkewMs?: number;
}

const SERVICE = 'states';
const HEX_SHA256 = /^[0-9a-f]{64}$/i;

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The scope checks AWS makes before it computes anything: service, terminator, date, host. */
function scopeProblem(auth: ParsedAuthorization, amzDate: string): ApiError | undefined {
  if (auth.terminator !== 'aws4_request') {
    return invalidSignature(
      `Credential should be scoped with a valid terminator: 'aws4_request', not '${auth.terminator}'.`,
    );
  }
  if (auth.service !== SERVICE)
    return invalidSignature(`Credential should be scoped to correct service: '${SERVICE}'.`);
  if (auth.scopeDate !== amzDate.slice(0, 8)) {
    return invalidSignature(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: ` +
        `'${auth.scopeDate}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
    );
  }
  if (!auth.signedHeaders.includes('host')) {
    return invalidSignature("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }
  return undefined;
}

/** AWS's messages for a request signed too long ago or too far ahead. */
function skewProblem(signedAt: number, amzDate: string, now: number, maxSkewMs: number): ApiError | undefined {
  const minutes = `${Math.round(maxSkewMs / 60_000)} min.`;
  if (signedAt < now - maxSkewMs) {
    const limit = formatAmzDate(now - maxSkewMs);
    return invalidSignature(
      `Signature expired: ${amzDate} is now earlier than ${limit} (${formatAmzDate(now)} - ${minutes})`,
    );
  }
  if (signedAt > now + maxSkewMs) {
    const limit = formatAmzDate(now + maxSkewMs);
    return invalidSignature(
      `Signature not yet current: ${amzDate} is still later than ${limit} (${formatAmzDate(now)} + ${minutes})`,
    );
  }
  return undefined;
}

/**
 * The payload hash to sign: always the body's own, written as `x-amz-content-sha256` spells it when
 * that header holds the same hash. A header claiming another hash (a body changed in transit) thus
 * fails the signature instead of vouching for a body that was not sent.
 */
function payloadHashOf(body: Buffer, claimed: string | undefined): string {
  const bodyHash = sha256Hex(body);
  return claimed && HEX_SHA256.test(claimed) && claimed.toLowerCase() === bodyHash ? claimed : bodyHash;
}

function sameSignature(expected: string, given: string): boolean {
  if (!HEX_SHA256.test(given)) return false;
  return timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(given, 'hex'));
}

/**
 * Verifies AWS Signature Version 4 (`Authorization: AWS4-HMAC-SHA256 ...`) as AWS does for the
 * `states` service in any region, against one access key. `X-Amz-Security-Token` may be present
 * (and signed) but is not checked. Pure apart from the clock it is given.
 */
export function createSigV4Verifier(options: SigV4VerifierOptions): RequestVerifier {
  const now = options.now ?? Date.now;
  const maxSkewMs = options.maxSkewMs ?? 5 * 60_000;
  const keys = new SigningKeyCache(options.secretAccessKey);
  return (request) => {
    const headers = lowercaseHeaders(request.headers);
    const authorization = single(headers.get('authorization'));
    if (!authorization) return missingAuthenticationToken();
    const auth = parseAuthorization(authorization);
    if (auth instanceof ApiError) return auth;
    if (auth.accessKeyId !== options.accessKeyId) return unrecognizedClient();
    const amzDate = single(headers.get('x-amz-date'));
    if (!amzDate) {
      return incompleteSignature(
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
      );
    }
    const signedAt = parseAmzDate(amzDate);
    if (signedAt === undefined) {
      return incompleteSignature(
        `X-Amz-Date must be in the ISO8601 basic format yyyyMMdd'T'HHmmss'Z', not '${amzDate}'.`,
      );
    }
    const problem = scopeProblem(auth, amzDate) ?? skewProblem(signedAt, amzDate, now(), maxSkewMs);
    if (problem) return problem;
    const payloadHash = payloadHashOf(request.body, single(headers.get('x-amz-content-sha256')));
    const canonical = canonicalRequest({ ...request, headers, signedHeaders: auth.signedHeaders, payloadHash });
    const toSign = stringToSign(amzDate, auth.scope, canonical);
    const expected = signatureOf(keys.get(auth.scopeDate, auth.region, auth.service), toSign);
    return sameSignature(expected, auth.signature) ? undefined : signatureMismatch(canonical, toSign);
  };
}
