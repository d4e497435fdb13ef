import type { Json } from '../../core/json.js';
import { sagaBranch, tccBranch, xaBranch } from './branch-methods.js';
import { callDtmParticipant } from './dtm-http-call.js';
import { claimName, runRecorded } from './recorded-operation.js';
import { branchContext, type RunScope } from './run-scope.js';
import { durableSleep, waitForSignal } from './wait-methods.js';
import { encoded, eventDraft } from './workflow-events.js';
import { recordKey, type RecordedOutcome } from './workflow-snapshot.js';
import type { BranchContext, HttpStepAnswer, HttpStepRequest, WorkflowContext } from './workflow-types.js';

function stepEvent(name: string, kind: string, outcome: RecordedOutcome) {
  return outcome.ok
    ? eventDraft('WorkflowStepRecorded', { name, kind, output: encoded(outcome.output) })
    : eventDraft('WorkflowStepFailed', { name, kind, error: outcome.error, cause: outcome.cause });
}

async function step<T>(scope: RunScope, name: string, fn: (ctx: BranchContext) => Promise<T> | T): Promise<T> {
  claimName(scope, name);
  const ctx = branchContext(scope, name, 'workflow', 'action');
  return runRecorded<T>(
    scope,
    recordKey(name, 'action'),
    `step '${name}'`,
    async () => fn(ctx),
    (outcome) => stepEvent(name, 'step', outcome),
  );
}

async function http(scope: RunScope, name: string, request: HttpStepRequest): Promise<HttpStepAnswer> {
  claimName(scope, name);
  const ctx = branchContext(scope, name, 'workflow', 'action');
  return runRecorded<HttpStepAnswer>(
    scope,
    recordKey(name, 'action'),
    `http '${name}'`,
    () =>
      callDtmParticipant({
        url: request.url,
        method: request.method ?? 'POST',
        ...(request.body === undefined ? {} : { body: request.body }),
        ...(request.headers === undefined ? {} : { headers: request.headers }),
        gid: ctx.gid,
        transType: ctx.transType,
        branchId: name,
        op: ctx.op,
        idempotencyKey: ctx.idempotencyKey,
        signal: ctx.signal,
        timeoutMs: scope.options.httpTimeoutMs,
        ...(scope.options.fetch ? { fetch: scope.options.fetch } : {}),
      }),
    (outcome) => stepEvent(name, 'http', outcome),
  );
}

/** The `wf` handle of one run. */
export function createWorkflowContext(scope: RunScope): WorkflowContext {
  return {
    gid: scope.gid,
    workflow: scope.workflow,
    executionArn: scope.executionArn,
    step: (name, fn) => step(scope, name, fn),
    http: (name, request) => http(scope, name, request),
    saga: (name, branch) => sagaBranch(scope, name, branch),
    tcc: (name, branch) => tccBranch(scope, name, branch),
    xa: (name, branch) => xaBranch(scope, name, branch),
    sleep: (ms, name) => durableSleep(scope, ms, name),
    waitForSignal: <T extends Json = Json>(name: string, options?: { timeoutMs?: number }) =>
      waitForSignal<T>(scope, name, options),
    onFinish: (hook) => {
      scope.finishHooks.push(hook);
    },
  };
}
