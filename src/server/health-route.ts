import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Store } from '../store/store-port.js';

const HEALTH_TIMEOUT_MS = 5_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** `GET /healthz`: 200 when the store answers a read, 503 (with the reason) when it does not. */
export function healthHandler(store: Store): (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply> {
  return async (request, reply) => {
    try {
      await withTimeout(store.listEngines(), HEALTH_TIMEOUT_MS);
      return reply.code(200).send({ status: 'ok', store: 'reachable' });
    } catch (error) {
      request.log.warn({ err: error }, 'health check: the store is unreachable');
      return reply.code(503).send({ status: 'unavailable', store: 'unreachable', reason: (error as Error).message });
    }
  };
}
