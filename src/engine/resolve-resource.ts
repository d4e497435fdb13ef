import type { Json } from '../core/json.js';
import { isJsonObject } from '../core/json.js';
import { HANDLER_NAME } from '../core/definition/validate-task-state.js';
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
  resource = withoutCallbackSuffix(resource);
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
  const name = staticHandlerName(resource);
  const handler = name === undefined ? undefined : handlers[name];
  if (!handler) return { ok: false, error: 'States.Runtime', cause: `No handler for resource '${resource}'.` };
  return { ok: true, task: { handler, input, wrap: asIs } };
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
  resource = withoutCallbackSuffix(resource);
  const integration = findIntegration(resource, integrations);
  if (integration) return integration.checkParameters?.(parameters);
  if (LAMBDA_INVOKE.test(resource)) {
    const target = isJsonObject(parameters) ? parameters.FunctionName : undefined;
    if (typeof target === 'string' && !handlers[functionName(target)]) {
      return `no handler named '${functionName(target)}' for FunctionName '${target}'`;
    }
    return undefined;
  }
  const name = staticHandlerName(resource);
  if (name === undefined) return `unsupported resource '${resource}'`;
  if (!handlers[name])
    return `no handler named '${name}' (known: ${Object.keys(handlers).sort().join(', ') || 'none'})`;
  return undefined;
}
