import { createHash } from 'node:crypto';

export type RequestHeaders = Record<string, string | string[] | undefined>;

/** RFC 3986 encoding as SigV4 wants it: everything but `A-Za-z0-9-_.~` is %XX (uppercase hex). */
export function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The canonical URI of a non-S3 service: the path as sent, with empty, `.` and `..` segments
 * resolved, URI-encoded once more (so `%20` on the wire signs as `%2520`), slashes kept.
 */
export function canonicalPath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const leading = path.startsWith('/') ? '/' : '';
  const trailing = segments.length > 0 && path.endsWith('/') ? '/' : '';
  return uriEncode(`${leading}${segments.join('/')}${trailing}`).replace(/%2F/g, '/');
}

/** Parameters decoded then re-encoded, sorted by name then value, `X-Amz-Signature` left out. */
export function canonicalQuery(query: string): string {
  const pairs: [string, string][] = [];
  for (const part of query.split('&')) {
    if (part === '') continue;
    const equals = part.indexOf('=');
    const name = decodeComponent(equals < 0 ? part : part.slice(0, equals));
    const value = equals < 0 ? '' : decodeComponent(part.slice(equals + 1));
    if (name.toLowerCase() === 'x-amz-signature') continue;
    pairs.push([uriEncode(name), uriEncode(value)]);
  }
  pairs.sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  return pairs.map(([name, value]) => `${name}=${value}`).join('&');
}

/** A header's value as signed: repeated values comma-joined, runs of spaces collapsed, ends trimmed. */
export function canonicalHeaderValue(value: string | string[] | undefined): string {
  const joined = Array.isArray(value) ? value.join(',') : (value ?? '');
  return joined
    .replace(/[\r\n]/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

/** Headers by lowercase name (Node already lowercases them; other callers may not). */
export function lowercaseHeaders(headers: RequestHeaders): Map<string, string | string[] | undefined> {
  const byName = new Map<string, string | string[] | undefined>();
  for (const [name, value] of Object.entries(headers)) byName.set(name.toLowerCase(), value);
  return byName;
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export interface CanonicalRequestParts {
  method: string;
  /** The request target as received: path and optional `?query`. */
  url: string;
  headers: Map<string, string | string[] | undefined>;
  signedHeaders: readonly string[];
  payloadHash: string;
}

/** The SigV4 canonical request: method, URI, query, signed headers with values, their list, payload hash. */
export function canonicalRequest(parts: CanonicalRequestParts): string {
  const question = parts.url.indexOf('?');
  const path = question < 0 ? parts.url : parts.url.slice(0, question);
  const query = question < 0 ? '' : parts.url.slice(question + 1);
  const headerLines = parts.signedHeaders.map((name) => `${name}:${canonicalHeaderValue(parts.headers.get(name))}\n`);
  return [
    parts.method.toUpperCase(),
    canonicalPath(path),
    canonicalQuery(query),
    headerLines.join(''),
    parts.signedHeaders.join(';'),
    parts.payloadHash,
  ].join('\n');
}
