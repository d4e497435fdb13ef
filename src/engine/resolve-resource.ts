import type { Json } from '../core/json.js';
import { isJsonObject } from '../core/json.js';
import { HANDLER_NAME } from '../core/definition/validate-task-state.js';
import { FUNCTION_COMPUTE_UNKNOWN_ERROR, functionComputeHandlerNames } from '../core/fdl/function-compute-resource.js';
import { isActivityArn } from '../core/interpreter/resource-description.js';
import type { Integration } from './integrations/integration.js';
import { builtInIntegrations, findIntegration, integrationHandler } from './integrations/index.js';
import type { TaskHandler, TaskHandlers } from './task-handler.js';

const LAMBDA_ARN = /^arn:aws[\w-]*:lambda:[^:]*:[^:]*:function:([^:]+)(?::[^:]+)?$/;
const LAMBDA_INVOKE = /^arn:aws[\w-]*:states:::lambda:invoke$/;
/** `arn:aws:states:::sns:publish` and `arn:aws:states:::aws-sdk:dynamodb:putItem` name handlers `sns:publish`, `dynamodb:putItem`. */
const SERVICE_ACTION = /^arn:aws[\w-]*:states:::(?:aws-sdk:)?([\w-]+):([\w-]+)$/;

/** How to call a Task's resource: which handler, with which input, and how to shape its result. */
export interface ResolvedTask {
  handler: TaskHandler;
  input: Json;
  wrap: (output: Json) => Json;
}

export type Resolution = { ok: true; task: ResolvedTask } | { ok: false; error: string; cause: string };

/**
 * The key under which the engine hands its activity queue to `invokeTask` among the handlers (not a
 * valid handler name, so no user handler can take it). It receives `{ activityArn, input }`.
 */
export const ACTIVITY_HANDLER = '#activity';

/**
 * The key of the engine's handler that starts child executions (`arn:aws:states:::states:startExecution`,
 * `.sync`, `.sync:2`, `.waitForTaskToken`). It receives `{ resource, parameters }`.
 */
export const NESTED_EXECUTION_HANDLER = '#startExecution';
const NESTED_EXECUTION = /^arn:aws[\w-]*:states:::states:startExecution(?:\.sync(?::2)?|\.waitForTaskToken)?$/;

const asIs = (output: Json): Json => output;
const lambdaInvokeResult = (output: Json): Json => ({ ExecutedVersion: '$LATEST', Payload: output, StatusCode: 200 });

/** `...:sqs:sendMessage.waitForTaskToken` invokes what `...:sqs:sendMessage` names, then waits for the token. */
export function withoutCallbackSuffix(resource: string): string {
  return resource.endsWith('.waitForTaskToken') ? resource.slice(0, -'.waitForTaskToken'.length) : resource;
}

/** The handler name a function name or Lambda ARN designates. */
export function functionName(reference: string): string {
  return LAMBDA_ARN.exec(reference)?.[1] ?? reference;
}

/** Resolves a resource at invocation time (lambda:invoke reads FunctionName from the effective input). */
export function resolveTask(
  resource: string,
  input: Json,
  handlers: TaskHandlers,
  integrations: readonly Integration[] = builtInIntegrations,
): Resolution {
  if (NESTED_EXECUTION.test(resource)) return resolveNestedExecution(resource, input, handlers);
  resource = withoutCallbackSuffix(resource);
  if (isActivityArn(resource)) return resolveActivity(resource, input, handlers);
  const integration = findIntegration(resource, integrations);
  if (integration) return { ok: true, task: { handler: integrationHandler(integration, resource), input, wrap: asIs } };
  if (LAMBDA_INVOKE.test(resource)) {
    const target = isJsonObject(input) ? input.FunctionName : undefined;
    if (typeof target !== 'string') {
      return {
        ok: false,
        error: 'States.Runtime',
        cause: 'lambda:invoke needs a string FunctionName in its Parameters.',
      };
    }
    const handler = handlers[functionName(target)];
    if (!handler)
      return { ok: false, error: 'Lambda.ResourceNotFoundException', cause: `Function not found: ${target}` };
    const payload = isJsonObject(input) && input.Payload !== undefined ? input.Payload : {};
    return { ok: true, task: { handler, input: payload, wrap: lambdaInvokeResult } };
  }
  const functionCompute = resolveFunctionCompute(resource, input, handlers);
  if (functionCompute) return functionCompute;
  const name = staticHandlerName(resource);
  const handler = name === undefined ? undefined : handlers[name];
  if (!handler) return { ok: false, error: 'States.Runtime', cause: `No handler for resource '${resource}'.` };
  return { ok: true, task: { handler, input, wrap: asIs } };
}

/** An activity ARN: the engine queues the task for workers (GetActivityTask). */
function resolveActivity(activityArn: string, input: Json, handlers: TaskHandlers): Resolution {
  const handler = handlers[ACTIVITY_HANDLER];
  if (!handler) return { ok: false, error: 'States.Runtime', cause: `No activity queue for '${activityArn}'.` };
  return { ok: true, task: { handler, input: { activityArn, input }, wrap: asIs } };
}

/** `states:startExecution`: the engine starts an execution of a state machine of its registry. */
function resolveNestedExecution(resource: string, parameters: Json, handlers: TaskHandlers): Resolution {
  const handler = handlers[NESTED_EXECUTION_HANDLER];
  if (!handler)
    return { ok: false, error: 'States.Runtime', cause: `No engine to start executions for '${resource}'.` };
  return { ok: true, task: { handler, input: { resource, parameters }, wrap: asIs } };
}

/** The handler name of a resource known before the execution starts, or undefined. */
export function staticHandlerName(resource: string): string | undefined {
  const lambda = LAMBDA_ARN.exec(resource);
  if (lambda) return lambda[1];
  const service = SERVICE_ACTION.exec(resource);
  if (service) return `${service[1]}:${service[2]}`;
  if (resource.startsWith('arn:')) return undefined;
  return HANDLER_NAME.test(resource) ? resource : undefined;
}

/** Why a resource cannot be invoked with these handlers, or undefined when it can. */
export function unresolvableResource(
  resource: string,
  parameters: Json | undefined,
  handlers: TaskHandlers,
  integrations: readonly Integration[] = builtInIntegrations,
): string | undefined {
  if (NESTED_EXECUTION.test(resource)) return undefined;
  resource = withoutCallbackSuffix(resource);
  if (isActivityArn(resource)) return undefined;
  const integration = findIntegration(resource, integrations);
  if (integration) return integration.checkParameters?.(parameters);
  if (LAMBDA_INVOKE.test(resource)) {
    const target = isJsonObject(parameters) ? parameters.FunctionName : undefined;
    if (typeof target === 'string' && !handlers[functionName(target)]) {
      return `no handler named '${functionName(target)}' for FunctionName '${target}'`;
    }
    return undefined;
  }
  const functionNames = functionComputeHandlerNames(resource);
  if (functionNames && !functionNames.some((candidate) => handlers[candidate])) {
    return `no handler named '${functionNames[0]}' or '${functionNames[1]}' for '${resource}'`;
  }
  if (functionNames) return undefined;
  const name = staticHandlerName(resource);
  if (name === undefined) return `unsupported resource '${resource}'`;
  if (!handlers[name])
    return `no handler named '${name}' (known: ${Object.keys(handlers).sort().join(', ') || 'none'})`;
  return undefined;
}

/** JavaScript's own error classes: a handler throwing one of them crashed rather than named a failure. */
const CRASH_ERRORS: readonly unknown[] = [
  Error,
  TypeError,
  RangeError,
  ReferenceError,
  SyntaxError,
  EvalError,
  URIError,
];

/** A function that crashed or failed without naming its error, as Function Compute reports it: FC.Unknown. */
function functionComputeError(thrown: unknown): unknown {
  const name = typeof thrown === 'object' && thrown !== null ? (thrown as { name?: unknown }).name : undefined;
  const crashed =
    thrown instanceof Error && CRASH_ERRORS.includes(thrown.constructor) && thrown.name === thrown.constructor.name;
  if (typeof name === 'string' && name !== '' && !crashed) return thrown;
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  const error = new Error(JSON.stringify({ errorMessage: message }));
  error.name = FUNCTION_COMPUTE_UNKNOWN_ERROR;
  return error;
}

/** `acs:fc:...:services/S/functions/F` runs the handler `S/F`, else `F`; a JSON text result is parsed as FC does. */
function resolveFunctionCompute(resource: string, input: Json, handlers: TaskHandlers): Resolution | undefined {
  const names = functionComputeHandlerNames(resource);
  if (!names) return undefined;
  const target = handlers[names[0]] ?? handlers[names[1]];
  if (!target) return { ok: false, error: 'FC.FunctionNotFound', cause: `No handler '${names[0]}' or '${names[1]}'.` };
  const handler: TaskHandler = async (event, ctx) => {
    try {
      const result: unknown = await target(event, ctx);
      return typeof result === 'string' && /^\s*[[{]/.test(result) ? (JSON.parse(result) as unknown) : result;
    } catch (thrown) {
      throw functionComputeError(thrown);
    }
  };
  return { ok: true, task: { handler, input, wrap: asIs } };
}
