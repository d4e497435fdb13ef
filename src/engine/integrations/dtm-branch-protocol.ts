import { STATUS_CODES } from 'node:http';
import type { Json } from '../../core/json.js';
import { isJsonObject } from '../../core/json.js';
import type { TaskContext } from '../task-handler.js';
import type { Delivery } from './http-transport.js';
import { deliver, lateFetch, describe, pause, positiveMs, responseBody } from './http-transport.js';
import type { Integration } from './integration.js';
import { IntegrationError } from './integration.js';

/** 409 (or a 2xx saying `"dtm_result": "FAILURE"`): the participant refused; compensate, don't retry. */
export const BUSINESS_FAILURE_ERROR = 'Unwind.BusinessFailure';
/** Any other status, a timeout or no answer at all: retry it with the state's Retry. */
export const TRANSIENT_FAILURE_ERROR = 'Unwind.TransientFailure';

export const IDEMPOTENCY_KEY_HEADER = 'X-Unwind-Idempotency-Key';
export const ATTEMPT_HEADER = 'X-Unwind-Attempt';

export const DEFAULT_BRANCH_TIMEOUT_MS = 60_000;
export const DEFAULT_ONGOING_INTERVAL_MS = 5_000;

export interface DtmBranchOptions {
  /** Bound of one request, connection to last byte; default 60 000 ms. The task's TimeoutSeconds also applies. */
  timeoutMs?: number;
  /** Wait between asks while the participant answers 425 (still in progress); default 5 000 ms. */
  ongoingIntervalMs?: number;
  /** The fetch to call (tests, proxies); default the global fetch. */
  fetch?: typeof fetch;
  /** DTM's `branch_id`; default the state name, the same on every Retry attempt of the step. */
  branchId?: (ctx: TaskContext) => string;
}

/** Resources this integration carries out: any absolute http or https URL. */
export function isParticipantUrl(resource: string): boolean {
  if (!/^https?:\/\//i.test(resource)) return false;
  try {
    new URL(resource);
    return true;
  } catch {
    return false;
  }
}

/**
 * A saga participant at a plain URL, spoken to with DTM's branch protocol: POST the task input as
 * JSON with `gid`, `trans_type=saga`, `branch_id` and `op=action` in the query (a query parameter
 * already in the URL wins, e.g. `?op=compensate`). 2xx succeeds with the parsed body; 409 fails with
 * Unwind.BusinessFailure; 425 means "still working": ask again every `ongoingIntervalMs` until the
 * task's timeout; anything else fails with Unwind.TransientFailure.
 */
export function createDtmBranchIntegration(options: DtmBranchOptions = {}): Integration {
  const timeoutMs = positiveMs(options.timeoutMs ?? DEFAULT_BRANCH_TIMEOUT_MS, 'timeoutMs');
  const intervalMs = positiveMs(options.ongoingIntervalMs ?? DEFAULT_ONGOING_INTERVAL_MS, 'ongoingIntervalMs');
  const fetchFn = options.fetch ?? lateFetch;
  const branchId = options.branchId ?? ((ctx: TaskContext) => ctx.stateName);
  return {
    matches: isParticipantUrl,
    invoke: async (input: Json, ctx: TaskContext, resource: string): Promise<Json> => {
      const url = new URL(resource);
      const protocol: [string, string][] = [
        ['gid', ctx.executionName],
        ['trans_type', 'saga'],
        ['branch_id', branchId(ctx)],
        ['op', 'action'],
      ];
      for (const [name, value] of protocol) if (!url.searchParams.has(name)) url.searchParams.set(name, value);
      const headers = new Headers({
        'content-type': 'application/json; charset=utf-8',
        [IDEMPOTENCY_KEY_HEADER]: ctx.idempotencyKey,
        [ATTEMPT_HEADER]: String(ctx.attempt),
      });
      const request = { url, method: 'POST', headers, body: JSON.stringify(input) };
      const target = `POST ${url.origin}${url.pathname}`;
      for (;;) {
        const delivery = await deliver(request, { fetch: fetchFn, timeoutMs, signal: ctx.signal });
        const verdict = judge(delivery, target);
        if (verdict.kind === 'done') return verdict.output;
        if (!(await pause(intervalMs, ctx.signal))) {
          throw new IntegrationError(
            'States.Timeout',
            `${target} abandoned while in progress: ${describe(ctx.signal.reason)}`,
          );
        }
      }
    },
  };
}

type Verdict = { kind: 'done'; output: Json } | { kind: 'ongoing' };

function judge(delivery: Delivery, target: string): Verdict {
  switch (delivery.kind) {
    case 'aborted':
      throw new IntegrationError('States.Timeout', `${target} abandoned: ${delivery.reason}`);
    case 'timeout':
      throw new IntegrationError(TRANSIENT_FAILURE_ERROR, `${target} timed out after ${delivery.timeoutMs} ms`);
    case 'network':
      throw new IntegrationError(TRANSIENT_FAILURE_ERROR, `${target} failed: ${delivery.reason}`);
    case 'answer': {
      const answered = `${target} answered ${delivery.status} ${delivery.statusText || STATUS_CODES[delivery.status] || ''}`;
      const body = delivery.text === '' ? null : responseBody(delivery.text, delivery.headers);
      const dtmResult = isJsonObject(body) ? body.dtm_result : undefined;
      if (delivery.status === 425 || (isSuccess(delivery.status) && dtmResult === 'ONGOING'))
        return { kind: 'ongoing' };
      if (delivery.status === 409 || (isSuccess(delivery.status) && dtmResult === 'FAILURE')) {
        throw new IntegrationError(BUSINESS_FAILURE_ERROR, withBody(answered.trimEnd(), delivery.text));
      }
      if (isSuccess(delivery.status)) return { kind: 'done', output: body };
      throw new IntegrationError(TRANSIENT_FAILURE_ERROR, withBody(answered.trimEnd(), delivery.text));
    }
  }
}

const isSuccess = (status: number): boolean => status >= 200 && status < 300;

function withBody(summary: string, text: string): string {
  return text === '' ? summary : `${summary}: ${text}`;
}
