import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import { ApiError } from './api-error.js';
import { AMZ_JSON, apiHandler, sendApiError, type ApiRequestNote } from './api-route.js';
import { CheckedDefinitionCache } from './definition-check.js';
import { healthHandler } from './health-route.js';
import type { ServerContext } from './operation.js';
import { operations as allOperations } from './operations/index.js';
import type { ServerOptions } from './server-options.js';

export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;
const CLOSE_GRACE_MS = 5_000;

export interface HttpServer {
  readonly app: FastifyInstance;
  readonly context: ServerContext;
  /** Starts listening; resolves with the base URL, e.g. `http://127.0.0.1:8080`. */
  listen(host: string, port: number): Promise<string>;
  /** Stops accepting connections and waits for in-flight requests (at most `graceMs`, default 5 s, then drops them). */
  close(graceMs?: number): Promise<void>;
}

function contextOf(options: ServerOptions): ServerContext {
  const registry = options.registry ?? options.store.registry;
  if (!registry) throw new Error('the store has no registry (state machines); pass `registry` to the server');
  return {
    engine: options.engine,
    store: options.store,
    registry,
    region: options.engine.options.region,
    account: options.engine.options.account,
    now: options.now ?? (() => options.engine.options.clock.now()),
    definitions: new CheckedDefinitionCache(),
  };
}

function loggerOf(options: ServerOptions): boolean | Record<string, unknown> {
  if (options.log === false) return false;
  return { level: options.log?.level ?? 'info', ...(options.log?.stream ? { stream: options.log.stream } : {}) };
}

/** Framework errors (body too large, unreadable body) in the API's error shape. */
function frameworkError(error: FastifyError): ApiError {
  if (error.statusCode === 413)
    return new ApiError('RequestEntityTooLargeException', `The request body is too large: ${error.message}`, 413);
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500)
    return new ApiError('SerializationException', error.message, error.statusCode);
  return new ApiError('InternalFailure', 'An internal error occurred; see the server log.', 500);
}

function urlOf(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * The Step Functions-compatible HTTP API (awsJson1_0): `POST /` routed on `X-Amz-Target`, plus
 * `GET /healthz` and (given a metrics source) `GET /metrics`. Requests are served whatever their Host
 * header, so the SDK's `sync-` host prefix (StartSyncExecution) works when the name resolves here.
 */
export function createHttpServer(options: ServerOptions): HttpServer {
  const resolved: ServerOptions = { ...options, operations: options.operations ?? allOperations };
  const context = contextOf(resolved);
  const bodyLimit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const app = Fastify({
    logger: loggerOf(options),
    bodyLimit,
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: () => randomUUID(),
  });
  const notes = new WeakMap<FastifyRequest, ApiRequestNote>();

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) => done(null, body));
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const apiError = frameworkError(error);
    if (apiError.status >= 500) request.log.error({ err: error }, 'request failed unexpectedly');
    notes.set(request, { errorType: apiError.type });
    return sendApiError(reply, apiError);
  });
  app.setNotFoundHandler((request, reply) =>
    sendApiError(
      reply,
      new ApiError(
        'UnknownOperationException',
        `No route for ${request.method} ${request.url}; the API is POST /.`,
        404,
      ),
    ),
  );
  app.addHook('onResponse', (request, reply, done) => {
    const note = notes.get(request);
    const durationMs = Math.round(reply.elapsedTime * 1000) / 1000;
    request.log.info(
      { method: request.method, url: request.url, ...note, status: reply.statusCode, durationMs },
      note?.operation ?? `${request.method} ${request.url}`,
    );
    if (note && request.method === 'POST')
      options.onApiRequest?.({
        operation: note.operation,
        status: reply.statusCode,
        errorType: note.errorType,
        durationMs,
      });
    done();
  });

  app.post('/', apiHandler(resolved, context, notes));
  app.get('/healthz', healthHandler(context.store));
  const { metrics } = options;
  if (metrics)
    app.get('/metrics', async (_request, reply) =>
      reply.header('content-type', metrics.contentType).send(await metrics.render()),
    );

  return {
    app,
    context,
    async listen(host, port) {
      await app.listen({ host, port });
      const address = app.server.address();
      return urlOf(host, typeof address === 'object' && address ? address.port : port);
    },
    async close(graceMs = CLOSE_GRACE_MS) {
      const closing = app.close();
      // Long requests (StartSyncExecution, GetActivityTask long polls) must not hold a shutdown forever.
      const force = setTimeout(() => app.server.closeAllConnections(), graceMs);
      try {
        await closing;
      } finally {
        clearTimeout(force);
      }
    },
  };
}

export { AMZ_JSON };
