import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from './api-error.js';
import { apiErrorOf } from './api-error-mapping.js';
import type { Operation, ServerContext } from './operation.js';
import type { ServerOptions } from './server-options.js';

export const AMZ_JSON = 'application/x-amz-json-1.0';
const TARGET_PREFIX = 'AWSStepFunctions.';

/** What the request log line and observers learn about one API request. */
export interface ApiRequestNote {
  operation?: string;
  executionArn?: string;
  errorType?: string;
}

/** A Buffer, so that the content type goes out exactly as `application/x-amz-json-1.0` (no charset), as AWS sends it. */
function jsonBody(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value), 'utf8');
}

export function sendApiError(reply: FastifyReply, error: ApiError): FastifyReply {
  return reply
    .code(error.status)
    .header('content-type', AMZ_JSON)
    .send(jsonBody({ ...error.extra, __type: error.type, message: error.message }));
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function operationOf(request: FastifyRequest, byName: ReadonlyMap<string, Operation>): Operation {
  const target = header(request, 'x-amz-target');
  if (!target)
    throw new ApiError('UnknownOperationException', 'Missing X-Amz-Target header (AWSStepFunctions.<Operation>).');
  const operation = target.startsWith(TARGET_PREFIX) ? byName.get(target.slice(TARGET_PREFIX.length)) : undefined;
  if (!operation) throw new ApiError('UnknownOperationException', `Unknown operation: X-Amz-Target '${target}'.`);
  return operation;
}

function parseBody(body: Buffer): unknown {
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch (error) {
    throw new ApiError('SerializationException', `The request body is not valid JSON: ${(error as Error).message}`);
  }
}

function executionArnIn(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const arn = (value as { executionArn?: unknown }).executionArn;
  return typeof arn === 'string' ? arn : undefined;
}

/** The context of one request: `signal` is aborted when the client hangs up before it is answered. */
function requestContext(context: ServerContext, reply: FastifyReply): ServerContext {
  const controller = new AbortController();
  // 'close' comes when the response was sent or the connection dropped; aborting after the answer is harmless.
  reply.raw.once('close', () => controller.abort());
  return { ...context, signal: controller.signal };
}

/** Builds the `POST /` handler: verify, route on X-Amz-Target, parse, run, answer in awsJson1_0. */
export function apiHandler(
  options: ServerOptions,
  context: ServerContext,
  notes: WeakMap<FastifyRequest, ApiRequestNote>,
): (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply> {
  const byName = new Map((options.operations ?? []).map((operation) => [operation.name, operation]));
  return async (request, reply) => {
    const note: ApiRequestNote = {};
    notes.set(request, note);
    reply.header('x-amzn-requestid', request.id);
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    try {
      const denied = options.verifyRequest?.({
        method: request.method,
        url: request.url,
        headers: request.headers,
        body,
      });
      if (denied) throw denied;
      const operation = operationOf(request, byName);
      note.operation = operation.name;
      const input = parseBody(body);
      note.executionArn = executionArnIn(input);
      const output = await operation.run(input, requestContext(context, reply));
      note.executionArn ??= executionArnIn(output);
      return reply
        .code(200)
        .header('content-type', AMZ_JSON)
        .send(jsonBody(output ?? {}));
    } catch (error) {
      const apiError = apiErrorOf(error);
      if (!apiError) request.log.error({ err: error, operation: note.operation }, 'operation failed unexpectedly');
      const answer =
        apiError ?? new ApiError('InternalFailure', 'An internal error occurred; see the server log.', 500);
      note.errorType = answer.type;
      return sendApiError(reply, answer);
    }
  };
}
