import { STATUS_CODES } from 'node:http';
import type { Json } from '../../core/json.js';
import { isJsonObject } from '../../core/json.js';
import {
  BUSINESS_FAILURE_ERROR,
  IDEMPOTENCY_KEY_HEADER,
  TRANSIENT_FAILURE_ERROR,
} from '../integrations/dtm-branch-protocol.js';
import { deliver, lateFetch, responseBody } from '../integrations/http-transport.js';
import { BranchOngoingError, BusinessError } from './business-error.js';

/** No answer, or an answer that is neither success, 409 nor 425: the run is retried with backoff. */
export class TransientBranchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = TRANSIENT_FAILURE_ERROR;
  }
}

export interface DtmCall {
  url: string;
  method: string;
  body?: Json;
  headers?: Readonly<Record<string, string>>;
  /** DTM's query parameters; one already in the URL wins. */
  gid: string;
  transType: string;
  branchId: string;
  op: string;
  idempotencyKey: string;
  signal: AbortSignal;
  timeoutMs: number;
  fetch?: typeof fetch;
}

/**
 * One request with DTM's branch protocol: `gid`, `trans_type`, `branch_id` and `op` in the query, the
 * body as JSON. 2xx succeeds with the status and the parsed body; 409 (or `"dtm_result":"FAILURE"`)
 * throws a BusinessError; 425 (or `"dtm_result":"ONGOING"`) throws a BranchOngoingError; anything
 * else, a timeout or no answer throws a TransientBranchError.
 */
export async function callDtmParticipant(call: DtmCall): Promise<{ status: number; body: Json }> {
  const url = new URL(call.url);
  const protocol: [string, string][] = [
    ['gid', call.gid],
    ['trans_type', call.transType],
    ['branch_id', call.branchId],
    ['op', call.op],
  ];
  for (const [name, value] of protocol) if (!url.searchParams.has(name)) url.searchParams.set(name, value);
  const headers = new Headers(call.headers ?? {});
  headers.set(IDEMPOTENCY_KEY_HEADER, call.idempotencyKey);
  const hasBody = call.method !== 'GET';
  if (hasBody && !headers.has('content-type')) headers.set('content-type', 'application/json; charset=utf-8');
  const request = {
    url,
    method: call.method,
    headers,
    ...(hasBody ? { body: JSON.stringify(call.body ?? {}) } : {}),
  };
  const target = `${call.method} ${url.origin}${url.pathname}`;
  const delivery = await deliver(request, {
    fetch: call.fetch ?? lateFetch,
    timeoutMs: call.timeoutMs,
    signal: call.signal,
  });
  switch (delivery.kind) {
    case 'aborted':
      throw new TransientBranchError(`${target} abandoned: ${delivery.reason}`);
    case 'timeout':
      throw new TransientBranchError(`${target} timed out after ${delivery.timeoutMs} ms`);
    case 'network':
      throw new TransientBranchError(`${target} failed: ${delivery.reason}`);
    case 'answer': {
      const status = delivery.status;
      const summary = `${target} answered ${status} ${delivery.statusText || STATUS_CODES[status] || ''}`.trimEnd();
      const described = delivery.text === '' ? summary : `${summary}: ${delivery.text}`;
      const body = delivery.text === '' ? null : responseBody(delivery.text, delivery.headers);
      const success = status >= 200 && status < 300;
      const dtmResult = isJsonObject(body) ? body.dtm_result : undefined;
      if (status === 425 || (success && dtmResult === 'ONGOING')) throw new BranchOngoingError(described);
      if (status === 409 || (success && dtmResult === 'FAILURE')) {
        throw new BusinessError(described, BUSINESS_FAILURE_ERROR);
      }
      if (success) return { status, body };
      throw new TransientBranchError(described);
    }
  }
}
