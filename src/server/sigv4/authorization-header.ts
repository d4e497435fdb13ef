import type { ApiError } from '../api-error.js';
import { incompleteSignature } from './sigv4-errors.js';

export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';

/** The parts of `Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...`. */
export interface ParsedAuthorization {
  accessKeyId: string;
  /** `<yyyyMMdd>/<region>/<service>/aws4_request`, as the client wrote it. */
  scope: string;
  scopeDate: string;
  region: string;
  service: string;
  terminator: string;
  /** Lowercase header names, in the order the client listed them. */
  signedHeaders: string[];
  signature: string;
}

const PARAMETERS = ['Credential', 'SignedHeaders', 'Signature'] as const;

function parameters(text: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const part of text.split(',')) {
    const equals = part.indexOf('=');
    if (equals > 0) found.set(part.slice(0, equals).trim(), part.slice(equals + 1).trim());
  }
  return found;
}

/** Parses the header; an `ApiError` (IncompleteSignatureException) says what is malformed. */
export function parseAuthorization(header: string): ParsedAuthorization | ApiError {
  const trimmed = header.trim();
  if (!trimmed.startsWith(`${SIGV4_ALGORITHM} `)) {
    const algorithm = trimmed.split(/\s/, 1)[0] ?? '';
    return incompleteSignature(`Unsupported AWS 'algorithm': '${algorithm}' (only ${SIGV4_ALGORITHM} is accepted).`);
  }
  const found = parameters(trimmed.slice(SIGV4_ALGORITHM.length));
  const missing = PARAMETERS.filter((name) => !found.get(name));
  if (missing.length > 0) {
    const lines = missing.map((name) => `Authorization header requires '${name}' parameter.`).join(' ');
    return incompleteSignature(`${lines} Authorization=${trimmed}`);
  }
  const credential = found.get('Credential') ?? '';
  const parts = credential.split('/');
  const [accessKeyId, scopeDate, region, service, terminator] = parts;
  if (parts.length !== 5 || !accessKeyId || !scopeDate || !region || !service || !terminator) {
    return incompleteSignature(
      `Authorization header's Credential is malformed: expected ` +
        `'<access key id>/<yyyyMMdd>/<region>/<service>/aws4_request', got '${credential}'.`,
    );
  }
  return {
    accessKeyId,
    scope: parts.slice(1).join('/'),
    scopeDate,
    region,
    service,
    terminator,
    signedHeaders: (found.get('SignedHeaders') ?? '').split(';').map((name) => name.trim().toLowerCase()),
    signature: found.get('Signature') ?? '',
  };
}
