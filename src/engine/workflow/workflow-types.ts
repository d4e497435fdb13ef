import type { Json } from '../../core/json.js';
import type { XaResource } from './xa-resource.js';

/** The kinds of branch a workflow mixes (DTM's workflow mode). */
export type BranchType = 'saga' | 'tcc' | 'xa';

/** DTM's operation names: a branch's forward op and its phase-two ops. */
export type BranchOp = 'action' | 'compensate' | 'try' | 'confirm' | 'cancel' | 'commit' | 'rollback';

/** What a local branch operation or step learns about its invocation. */
export interface BranchContext {
  /** The workflow's global id (its execution name). */
  readonly gid: string;
  readonly workflow: string;
  /** The branch (or step) name: DTM's `branch_id`. */
  readonly branchId: string;
  /** DTM's `trans_type` for this branch: `saga`, `tcc`, `xa`, or `workflow` for steps. */
  readonly transType: BranchType | 'workflow';
  readonly op: BranchOp;
  /** `<gid>/<branch>/<op>`: the same on every re-invocation (after a crash, say); deduplicate on it. */
  readonly idempotencyKey: string;
  /** Aborted when the engine stops (the operation runs again after a restart). */
  readonly signal: AbortSignal;
}

/** A participant spoken to with DTM's HTTP branch protocol (POST, gid/trans_type/branch_id/op in the query). */
export interface HttpBranchRequest {
  readonly url: string;
  /** The JSON body; default `{}`. */
  readonly body?: Json;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A branch operation: a local function, or an HTTP participant. */
export type BranchOperation<T> = ((ctx: BranchContext) => Promise<T> | T) | HttpBranchRequest;

export interface SagaBranch<T> {
  action: BranchOperation<T>;
  /** Runs on rollback; must eventually succeed (it is retried until it does). */
  compensate: BranchOperation<unknown>;
  /** Compensate this branch also when its own action failed for business reasons (DTM: CompensateErrorBranch). */
  compensateOnFailure?: boolean;
}

export interface TccBranch<T> {
  try: BranchOperation<T>;
  /** Runs on commit; must eventually succeed. */
  confirm: BranchOperation<unknown>;
  /** Runs on rollback; must eventually succeed. */
  cancel: BranchOperation<unknown>;
  /** Cancel this branch also when its own try failed for business reasons. */
  cancelOnFailure?: boolean;
}

export interface XaBranch<T, C> {
  /** The database the local transaction runs on (`postgresXaResource`, `mysqlXaResource`). */
  resource: XaResource<C>;
  /** The work of phase one, on a connection inside the XA transaction; prepared when it returns. */
  run: (connection: C, ctx: BranchContext) => Promise<T>;
}

/** A recorded HTTP call (`wf.http`). */
export interface HttpStepRequest {
  readonly url: string;
  /** Default POST. */
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Json;
}

export interface HttpStepAnswer {
  status: number;
  body: Json;
}

export interface SignalWaitOptions {
  /** Give up after this long (then the wait returns undefined); default: wait forever. */
  timeoutMs?: number;
}

/** What `wf.onFinish` hooks are told once every phase-two operation has run. */
export interface FinishInfo {
  readonly gid: string;
  readonly workflow: string;
  /** True when the workflow committed, false when it rolled back. */
  readonly committed: boolean;
}

/** The handle a workflow function uses; every method records its outcome and replays it on later runs. */
export interface WorkflowContext {
  readonly gid: string;
  readonly workflow: string;
  readonly executionArn: string;
  /** A local function whose JSON result is recorded once and replayed on every later run. */
  step<T>(name: string, fn: (ctx: BranchContext) => Promise<T> | T): Promise<T>;
  /** A recorded HTTP call (2xx succeeds, 409 is a business failure, 425 "in progress", anything else transient). */
  http(name: string, request: HttpStepRequest): Promise<HttpStepAnswer>;
  /** A saga branch: its action now, its compensation if the workflow rolls back. */
  saga<T>(name: string, branch: SagaBranch<T>): Promise<T>;
  /** A TCC branch: try now, confirm on commit, cancel on rollback. */
  tcc<T>(name: string, branch: TccBranch<T>): Promise<T>;
  /** An XA branch: a local transaction prepared now, committed or rolled back in phase two. */
  xa<T, C>(name: string, branch: XaBranch<T, C>): Promise<T>;
  /** A durable sleep: the workflow is parked (holding no process) until `ms` have passed. */
  sleep(ms: number, name?: string): Promise<void>;
  /** The payload of the next signal `name` sent with `engine.signalWorkflow`; undefined when the wait timed out. */
  waitForSignal<T extends Json = Json>(name: string, options?: SignalWaitOptions): Promise<T | undefined>;
  /** Called once every phase-two operation has run, before the execution is marked finished. */
  onFinish(hook: (info: FinishInfo) => Promise<void> | void): void;
}

export type WorkflowFunction<I = Json, O = Json> = (wf: WorkflowContext, input: I) => Promise<O>;

export interface RetryPolicy {
  /** First wait after a failed run (ms); default 1 000. */
  initialMs?: number;
  /** Longest wait between runs (ms); default 300 000. */
  maxMs?: number;
  /** Growth per failed run; default 2. */
  factor?: number;
}

export interface WorkflowOptions {
  /** Backoff of runs that end with an error other than a business failure. */
  retry?: RetryPolicy;
  /** Wait before asking again when a participant answered 425 (in progress); default 5 000 ms. */
  ongoingIntervalMs?: number;
  /** Bound of one HTTP request; default 60 000 ms. */
  httpTimeoutMs?: number;
  /** The fetch HTTP branches use (tests, proxies); default the global fetch. */
  fetch?: typeof fetch;
}

/** How a workflow ended; ABORTED: it was stopped (StopExecution), phase two did not run. */
export type WorkflowStatus = 'SUCCEEDED' | 'FAILED' | 'ABORTED';

export type WorkflowResult<O = Json> =
  | { status: 'SUCCEEDED'; executionArn: string; output: O; error?: undefined; cause?: undefined }
  | { status: 'FAILED' | 'ABORTED'; executionArn: string; output?: undefined; error: string; cause: string };
