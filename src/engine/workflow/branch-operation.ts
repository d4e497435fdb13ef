import type { Json } from '../../core/json.js';
import { WorkflowUsageError } from './business-error.js';
import { callDtmParticipant } from './dtm-http-call.js';
import type { RunScope } from './run-scope.js';
import type { BranchContext, BranchOperation, HttpBranchRequest } from './workflow-types.js';

function isHttpBranch(operation: BranchOperation<unknown>): operation is HttpBranchRequest {
  return typeof operation === 'object' && operation !== null && typeof operation.url === 'string';
}

/** Checks an operation when the branch is declared, so a mistake shows before anything runs. */
export function checkOperation(operation: unknown, what: string): void {
  if (typeof operation === 'function') return;
  if (typeof operation === 'object' && operation !== null && typeof (operation as HttpBranchRequest).url === 'string') {
    try {
      new URL((operation as HttpBranchRequest).url);
      return;
    } catch {
      throw new WorkflowUsageError(`${what}: '${(operation as HttpBranchRequest).url}' is not a valid URL`);
    }
  }
  throw new WorkflowUsageError(`${what} must be a function or { url } of an HTTP participant`);
}

/**
 * Runs one operation of a branch: a local function gets the branch context; an HTTP participant is
 * POSTed its body with DTM's branch protocol (its 2xx body is the result).
 */
export async function invokeOperation(
  scope: RunScope,
  operation: BranchOperation<unknown>,
  ctx: BranchContext,
): Promise<unknown> {
  if (!isHttpBranch(operation)) return operation(ctx);
  const answer = await callDtmParticipant({
    url: operation.url,
    method: 'POST',
    ...(operation.body === undefined ? {} : { body: operation.body }),
    ...(operation.headers === undefined ? {} : { headers: operation.headers }),
    gid: ctx.gid,
    transType: ctx.transType,
    branchId: ctx.branchId,
    op: ctx.op,
    idempotencyKey: ctx.idempotencyKey,
    signal: ctx.signal,
    timeoutMs: scope.options.httpTimeoutMs,
    ...(scope.options.fetch ? { fetch: scope.options.fetch } : {}),
  });
  return answer.body satisfies Json;
}
