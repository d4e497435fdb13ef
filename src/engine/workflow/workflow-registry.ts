import { UnwindError } from '../../core/unwind-error.js';
import { nameProblem } from '../arns.js';
import { positiveMs } from '../integrations/http-transport.js';
import type { ResolvedWorkflowOptions } from './run-scope.js';
import type { RegisteredWorkflow, StoredWorkflowFunction } from './workflow-run.js';
import type { WorkflowOptions } from './workflow-types.js';

export function resolveWorkflowOptions(options: WorkflowOptions = {}): ResolvedWorkflowOptions {
  const retry = options.retry ?? {};
  const factor = retry.factor ?? 2;
  if (!(factor >= 1)) throw new RangeError(`retry.factor must be a number >= 1, got ${factor}`);
  return Object.freeze({
    retry: Object.freeze({
      initialMs: positiveMs(retry.initialMs ?? 1_000, 'retry.initialMs'),
      maxMs: positiveMs(retry.maxMs ?? 300_000, 'retry.maxMs'),
      factor,
    }),
    ongoingIntervalMs: positiveMs(options.ongoingIntervalMs ?? 5_000, 'ongoingIntervalMs'),
    httpTimeoutMs: positiveMs(options.httpTimeoutMs ?? 60_000, 'httpTimeoutMs'),
    fetch: options.fetch,
  });
}

/** The workflow functions this process can run, by name. */
export class WorkflowRegistry {
  private readonly workflows = new Map<string, RegisteredWorkflow>();

  register(name: string, fn: StoredWorkflowFunction, options?: WorkflowOptions): void {
    const problem = nameProblem(name);
    if (problem) throw new UnwindError('InvalidName', `Invalid workflow name '${name}': it ${problem}.`);
    if (typeof fn !== 'function') throw new UnwindError('UsageError', `Workflow '${name}' needs a function.`);
    if (this.workflows.has(name)) {
      throw new UnwindError('UsageError', `Workflow '${name}' is already registered in this engine.`);
    }
    this.workflows.set(name, { name, fn, options: resolveWorkflowOptions(options) });
  }

  get(name: string): RegisteredWorkflow | undefined {
    return this.workflows.get(name);
  }

  require(name: string): RegisteredWorkflow {
    const workflow = this.workflows.get(name);
    if (!workflow) {
      throw new UnwindError('UsageError', `Workflow '${name}' is not registered: call engine.registerWorkflow first.`);
    }
    return workflow;
  }
}

/** The definition record's text of a code workflow: it names the function, it does not hold it. */
export function workflowDefinitionText(name: string): string {
  return JSON.stringify({ Unwind: 'code-workflow', name });
}
