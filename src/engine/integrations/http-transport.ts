import type { Json, JsonObject } from '../../core/json.js';

/** One HTTP request, ready to send. */
export interface OutgoingRequest {
  url: URL;
  method: string;
  headers: Headers;
  body?: string;
}

/** How a request ended: an answer (any status), or no answer and why. */
export type Delivery =
  | { kind: 'answer'; status: number; statusText: string; headers: Headers; text: string }
  | { kind: 'timeout'; timeoutMs: number }
  | { kind: 'aborted'; reason: string }
  | { kind: 'network'; reason: string };

export interface DeliveryOptions {
  fetch: typeof fetch;
  /** Bounds the whole exchange, from connecting to the last byte of the body. */
  timeoutMs: number;
  /** The task's signal: aborted on task timeout or stop. */
  signal: AbortSignal;
}

/** The global fetch as it is when called (so a later stub or polyfill applies). */
export const lateFetch: typeof fetch = (input, init) => globalThis.fetch(input, init);

/** Sends a request and reads the whole answer; never throws. */
export async function deliver(request: OutgoingRequest, options: DeliveryOptions): Promise<Delivery> {
  if (options.signal.aborted) return { kind: 'aborted', reason: describe(options.signal.reason) };
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`timed out after ${options.timeoutMs} ms`));
  }, options.timeoutMs);
  const onAbort = (): void => controller.abort(options.signal.reason);
  options.signal.addEventListener('abort', onAbort, { once: true });
  try {
    const response = await options.fetch(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      redirect: 'follow',
      signal: controller.signal,
    });
    const text = await response.text();
    return {
      kind: 'answer',
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
      text,
    };
  } catch (thrown) {
    if (options.signal.aborted) return { kind: 'aborted', reason: describe(options.signal.reason) };
    if (timedOut) return { kind: 'timeout', timeoutMs: options.timeoutMs };
    return { kind: 'network', reason: networkReason(thrown) };
  } finally {
    clearTimeout(timer);
    options.signal.removeEventListener('abort', onAbort);
  }
}

/** The longest delay setTimeout honours. */
const MAX_TIMER_MS = 2_147_483_647;

/** Checks an option that is a duration in milliseconds. */
export function positiveMs(value: number, name: string): number {
  if (!(value > 0 && value <= MAX_TIMER_MS)) {
    throw new RangeError(`${name} must be a number of milliseconds from 1 to ${MAX_TIMER_MS}`);
  }
  return value;
}

/** Waits `ms`, or less when the signal aborts; resolves true when the full wait elapsed. */
export function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** The text of an abort reason or thrown value. */
export function describe(reason: unknown): string {
  if (reason instanceof Error) return reason.message;
  if (reason === undefined) return 'aborted';
  if (typeof reason === 'string') return reason;
  try {
    return JSON.stringify(reason) ?? 'aborted';
  } catch {
    return 'aborted';
  }
}

/** fetch rejects with TypeError('fetch failed') and the socket error as its cause. */
function networkReason(thrown: unknown): string {
  if (thrown instanceof Error && thrown.cause instanceof Error) {
    const code = (thrown.cause as { code?: unknown }).code;
    const message = thrown.cause.message;
    return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
  }
  return describe(thrown);
}

/** Whether a Content-Type names JSON (`application/json`, `application/problem+json`, ...). */
export function isJsonContentType(contentType: string | null): boolean {
  if (contentType === null) return false;
  const media = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  return media === 'application/json' || /^[\w.+-]+\/[\w.+-]*\+json$/.test(media);
}

/** A response body as task data: parsed JSON when the response says it is JSON, else the text. */
export function responseBody(text: string, headers: Headers): Json {
  if (text !== '' && isJsonContentType(headers.get('content-type'))) {
    try {
      return JSON.parse(text) as Json;
    } catch {
      return text;
    }
  }
  return text;
}

/** How response headers appear in a task result. */
export type HeaderValues = 'string' | 'array';

/**
 * Response headers as a JSON object keyed by lowercased name. `string`: one string per header,
 * repeated headers joined with ", " (as the Fetch API does). `array`: a list per header, with each
 * Set-Cookie line its own item.
 */
export function headersObject(headers: Headers, style: HeaderValues): JsonObject {
  const entries = new Map<string, Json>();
  for (const [name, value] of headers) {
    if (entries.has(name)) continue;
    if (style === 'string') entries.set(name, name === 'set-cookie' ? (headers.get(name) ?? value) : value);
    else entries.set(name, name === 'set-cookie' ? headers.getSetCookie() : [value]);
  }
  return Object.fromEntries<Json>(entries);
}
