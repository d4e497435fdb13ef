import { STATUS_CODES } from 'node:http';
import type { Json, JsonObject } from '../../core/json.js';
import { isJsonObject } from '../../core/json.js';
import type { TaskContext } from '../task-handler.js';
import type { Delivery, HeaderValues, OutgoingRequest } from './http-transport.js';
import { deliver, lateFetch, headersObject, positiveMs, responseBody } from './http-transport.js';
import type { Integration } from './integration.js';
import { IntegrationError } from './integration.js';
import type { ArrayFormat } from './url-encoding.js';
import { ARRAY_FORMATS, urlEncodeBody } from './url-encoding.js';

/** `arn:aws:states:::http:invoke` in any partition. */
export const HTTP_INVOKE_RESOURCE = /^arn:aws[\w-]*:states:::http:invoke$/;

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'] as const;

/** AWS gives an HTTP Task 60 seconds; so does Unwind unless told otherwise. */
export const DEFAULT_HTTP_TIMEOUT_MS = 60_000;

/** AWS's name for an HTTP Task that got no answer in time (Unwind also uses it when it got no answer at all). */
export const HTTP_SOCKET_ERROR = 'States.Http.Socket';
/** The prefix of AWS's error for a non-2xx answer: `States.Http.StatusCode.404`. */
export const HTTP_STATUS_ERROR_PREFIX = 'States.Http.StatusCode.';

export interface HttpInvokeOptions {
  /** Bound of one request, connection to last byte; default 60 000 ms. The task's TimeoutSeconds also applies. */
  timeoutMs?: number;
  /** The fetch to call (tests, proxies); default the global fetch. */
  fetch?: typeof fetch;
  /** Response header values as strings (default) or lists of strings. */
  headerValues?: HeaderValues;
}

type Method = (typeof HTTP_METHODS)[number];

/** Parameters of one HTTP Task, checked. */
interface HttpTaskRequest {
  endpoint: URL;
  method: Method;
  headers: [string, string][];
  query: [string, string][];
  body: Json | undefined;
  urlEncoded: boolean;
  arrayFormat: ArrayFormat;
}

/** The HTTP Task (`arn:aws:states:::http:invoke`) as AWS defines it; `Authentication` is accepted and ignored. */
export function createHttpInvokeIntegration(options: HttpInvokeOptions = {}): Integration {
  const timeoutMs = positiveMs(options.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS, 'timeoutMs');
  const fetchFn = options.fetch ?? lateFetch;
  const headerValues = options.headerValues ?? 'string';
  return {
    matches: (resource) => HTTP_INVOKE_RESOURCE.test(resource),
    checkParameters: (parameters) => (parameters === undefined ? undefined : parametersProblem(parameters, true)),
    invoke: async (input: Json, ctx: TaskContext): Promise<Json> => {
      const task = readParameters(input);
      const request = outgoingRequest(task);
      const delivery = await deliver(request, { fetch: fetchFn, timeoutMs, signal: ctx.signal });
      return taskResult(delivery, request, headerValues);
    },
  };
}

function runtimeError(message: string): IntegrationError {
  return new IntegrationError('States.Runtime', `http:invoke: ${message}`);
}

function readParameters(input: Json): HttpTaskRequest {
  const problem = parametersProblem(input, false);
  if (problem !== undefined) throw runtimeError(problem);
  const params = input as JsonObject;
  const transform = isJsonObject(params.Transform) ? params.Transform : {};
  const options = isJsonObject(transform.RequestEncodingOptions) ? transform.RequestEncodingOptions : {};
  const query: [string, string][] = [];
  for (const [name, value] of Object.entries(isJsonObject(params.QueryParameters) ? params.QueryParameters : {})) {
    for (const item of Array.isArray(value) ? value : [value]) query.push([name, scalarText(item)]);
  }
  return {
    endpoint: new URL(params.ApiEndpoint as string),
    method: params.Method as Method,
    headers: Object.entries(isJsonObject(params.Headers) ? params.Headers : {}).map(([k, v]) => [k, scalarText(v)]),
    query,
    body: params.RequestBody ?? undefined,
    urlEncoded: transform.RequestBodyEncoding === 'URL_ENCODED',
    arrayFormat: (options.ArrayFormat as ArrayFormat | undefined) ?? 'INDICES',
  };
}

function outgoingRequest(task: HttpTaskRequest): OutgoingRequest {
  const url = new URL(task.endpoint);
  for (const [name, value] of task.query) url.searchParams.append(name, value);
  const headers = new Headers();
  for (const [name, value] of task.headers) {
    try {
      headers.append(name, value);
    } catch {
      throw runtimeError(`Headers has an invalid header '${name}'`);
    }
  }
  if (task.body === undefined) return { url, method: task.method, headers };
  let body: string;
  if (typeof task.body === 'string') {
    body = task.body;
  } else if (task.urlEncoded) {
    body = urlEncodeBody(task.body as JsonObject, task.arrayFormat);
  } else {
    body = JSON.stringify(task.body);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json; charset=utf-8');
  }
  if (task.urlEncoded && !headers.has('content-type')) headers.set('content-type', 'application/x-www-form-urlencoded');
  return { url, method: task.method, headers, body };
}

function taskResult(delivery: Delivery, request: OutgoingRequest, headerValues: HeaderValues): Json {
  const target = `${request.method} ${request.url.origin}${request.url.pathname}`;
  switch (delivery.kind) {
    case 'aborted':
      throw new IntegrationError('States.Timeout', `HTTP request ${target} abandoned: ${delivery.reason}`);
    case 'timeout':
      throw new IntegrationError(HTTP_SOCKET_ERROR, `HTTP request ${target} timed out after ${delivery.timeoutMs} ms`);
    case 'network':
      throw new IntegrationError(HTTP_SOCKET_ERROR, `HTTP request ${target} failed: ${delivery.reason}`);
    case 'answer': {
      const result: JsonObject = {
        StatusCode: delivery.status,
        StatusText: delivery.statusText || (STATUS_CODES[delivery.status] ?? ''),
        Headers: headersObject(delivery.headers, headerValues),
        ResponseBody: responseBody(delivery.text, delivery.headers),
      };
      if (delivery.status >= 200 && delivery.status < 300) return result;
      throw new IntegrationError(`${HTTP_STATUS_ERROR_PREFIX}${delivery.status}`, JSON.stringify(result));
    }
  }
}

function scalarText(value: Json): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const isScalar = (value: Json): boolean =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/** A field of the Parameters: absent, computed at run time (`Name.$`, pre-start only), or a literal value. */
type Field = { kind: 'absent' } | { kind: 'dynamic' } | { kind: 'value'; value: Json };

function field(object: JsonObject, name: string, preStart: boolean): Field {
  if (Object.hasOwn(object, name)) return { kind: 'value', value: object[name]! };
  if (preStart && Object.hasOwn(object, `${name}.$`)) return { kind: 'dynamic' };
  return { kind: 'absent' };
}

/** Literal entries of an object field; pre-start, keys ending in `.$` are computed and skipped. */
function literalEntries(object: JsonObject, preStart: boolean): [string, Json][] {
  return Object.entries(object).filter(([name]) => !(preStart && name.endsWith('.$')));
}

/**
 * Why these Parameters cannot make an HTTP request, or undefined. `preStart` checks a definition's
 * literal Parameters (computed fields pass); otherwise they are the effective input of one attempt.
 */
export function parametersProblem(parameters: Json, preStart: boolean): string | undefined {
  if (!isJsonObject(parameters)) return 'Parameters must be an object with ApiEndpoint and Method';
  const endpoint = field(parameters, 'ApiEndpoint', preStart);
  if (endpoint.kind === 'absent') return 'Parameters need an ApiEndpoint';
  if (endpoint.kind === 'value') {
    const problem = endpointProblem(endpoint.value);
    if (problem !== undefined) return problem;
  }
  const method = field(parameters, 'Method', preStart);
  if (method.kind === 'absent') return `Parameters need a Method (${HTTP_METHODS.join(', ')})`;
  if (method.kind === 'value' && !HTTP_METHODS.includes(method.value as Method)) {
    return `Method must be one of ${HTTP_METHODS.join(', ')}, not ${JSON.stringify(method.value)}`;
  }
  const headers = field(parameters, 'Headers', preStart);
  if (headers.kind === 'value' && headers.value !== null) {
    if (!isJsonObject(headers.value)) return 'Headers must be an object of header names to values';
    for (const [name, value] of literalEntries(headers.value, preStart)) {
      if (!isScalar(value)) return `Headers.${name} must be a string, number or boolean`;
    }
  }
  const query = field(parameters, 'QueryParameters', preStart);
  if (query.kind === 'value' && query.value !== null) {
    if (!isJsonObject(query.value)) return 'QueryParameters must be an object of names to values';
    for (const [name, value] of literalEntries(query.value, preStart)) {
      if (!(isScalar(value) || (Array.isArray(value) && value.every(isScalar)))) {
        return `QueryParameters.${name} must be a string, number, boolean or a list of them`;
      }
    }
  }
  const transform = field(parameters, 'Transform', preStart);
  let urlEncoded = false;
  if (transform.kind === 'value' && transform.value !== null) {
    const problem = transformProblem(transform.value, preStart);
    if (problem !== undefined) return problem;
    urlEncoded = isJsonObject(transform.value) && transform.value.RequestBodyEncoding === 'URL_ENCODED';
  }
  const body = field(parameters, 'RequestBody', preStart);
  if (body.kind !== 'absent' && !(body.kind === 'value' && body.value === null)) {
    if (method.kind === 'value' && (method.value === 'GET' || method.value === 'HEAD')) {
      return `a ${method.value} request cannot carry a RequestBody`;
    }
    if (urlEncoded && body.kind === 'value' && !isJsonObject(body.value) && typeof body.value !== 'string') {
      return 'RequestBody must be an object (or an already encoded string) when RequestBodyEncoding is URL_ENCODED';
    }
  }
  return undefined;
}

function endpointProblem(value: Json): string | undefined {
  if (typeof value !== 'string') return 'ApiEndpoint must be a string URL';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `ApiEndpoint '${value}' is not a valid URL`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `ApiEndpoint '${value}' must be an http or https URL`;
  return undefined;
}

function transformProblem(transform: Json, preStart: boolean): string | undefined {
  if (!isJsonObject(transform)) return 'Transform must be an object';
  const encoding = field(transform, 'RequestBodyEncoding', preStart);
  if (encoding.kind === 'value' && encoding.value !== 'NONE' && encoding.value !== 'URL_ENCODED') {
    return `Transform.RequestBodyEncoding must be NONE or URL_ENCODED, not ${JSON.stringify(encoding.value)}`;
  }
  const options = field(transform, 'RequestEncodingOptions', preStart);
  if (options.kind !== 'value' || options.value === null) return undefined;
  if (!isJsonObject(options.value)) return 'Transform.RequestEncodingOptions must be an object';
  const format = field(options.value, 'ArrayFormat', preStart);
  if (format.kind === 'value' && !ARRAY_FORMATS.includes(format.value as ArrayFormat)) {
    return `Transform.RequestEncodingOptions.ArrayFormat must be one of ${ARRAY_FORMATS.join(', ')}, not ${JSON.stringify(format.value)}`;
  }
  return undefined;
}
