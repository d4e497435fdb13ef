import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { VerifiableRequest } from '../../src/server/sigv4/sigv4-verifier.js';

/** Test credentials and time: every test signs at SIGNED_AT unless it says otherwise. */
export const ACCESS_KEY_ID = 'AKIDEXAMPLE';
export const SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
export const SIGNED_AT = Date.UTC(2026, 0, 15, 12, 30, 45);

export interface RequestToSign {
  method?: string;
  /** The path as sent on the wire (already percent-encoded). */
  path?: string;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  body?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  service?: string;
  region?: string;
  signingDate?: number;
}

function escapeUri(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function queryString(query: Record<string, string | string[]>): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(query)) {
    for (const one of Array.isArray(value) ? value : [value]) parts.push(`${escapeUri(name)}=${escapeUri(one)}`);
  }
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

/** A Step Functions call as the SDK sends it, signed by `@smithy/signature-v4` as the SDK signs it. */
export async function signRequest(request: RequestToSign = {}): Promise<VerifiableRequest> {
  const body = request.body ?? '{"maxResults":10}';
  const headers = request.headers ?? {
    host: 'localhost:8083',
    'content-type': 'application/x-amz-json-1.0',
    'x-amz-target': 'AWSStepFunctions.ListStateMachines',
    'content-length': String(Buffer.byteLength(body)),
  };
  const signer = new SignatureV4({
    service: request.service ?? 'states',
    region: request.region ?? 'eu-west-3',
    sha256: Sha256,
    credentials: {
      accessKeyId: request.accessKeyId ?? ACCESS_KEY_ID,
      secretAccessKey: request.secretAccessKey ?? SECRET_ACCESS_KEY,
      ...(request.sessionToken ? { sessionToken: request.sessionToken } : {}),
    },
  });
  const path = request.path ?? '/';
  const query = request.query ?? {};
  const signed = await signer.sign(
    { method: request.method ?? 'POST', protocol: 'http:', hostname: 'localhost', path, query, headers, body },
    { signingDate: new Date(request.signingDate ?? SIGNED_AT) },
  );
  const received: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers)) received[name.toLowerCase()] = value;
  return { method: signed.method, url: `${path}${queryString(query)}`, headers: received, body: Buffer.from(body) };
}
