import { afterEach, describe, expect, it } from 'vitest';
import type { Json } from '../../../src/core/json.js';
import {
  createDtmBranchIntegration,
  type DtmBranchOptions,
} from '../../../src/engine/integrations/dtm-branch-protocol.js';
import { IntegrationError } from '../../../src/engine/integrations/integration.js';
import type { TaskContext } from '../../../src/engine/task-handler.js';
import {
  answer,
  deadOrigin,
  rejection,
  startTestServer,
  taskContext,
  type Respond,
  type TestServer,
} from './http-test-server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(respond: Respond): Promise<TestServer> {
  server = await startTestServer(respond);
  return server;
}

function call(
  url: string,
  input: Json,
  options: DtmBranchOptions = {},
  ctx: TaskContext = taskContext(),
): Promise<Json> {
  return createDtmBranchIntegration({ ongoingIntervalMs: 10, ...options }).invoke(input, ctx, url);
}

/** Answers each request with the next of these [status, body] pairs (the last one repeats). */
function inTurn(...answers: [number, unknown][]): Respond {
  let next = 0;
  return (request) => {
    const [status, body] = answers[Math.min(next++, answers.length - 1)]!;
    answer(request.response, status, body);
  };
}

describe('DTM branch protocol resources', () => {
  it('matches absolute http and https URLs only', () => {
    const integration = createDtmBranchIntegration();
    expect(integration.matches('http://127.0.0.1:8081/api/busi/TransOut')).toBe(true);
    expect(integration.matches('HTTPS://bank.example/transfer?x=1')).toBe(true);
    expect(integration.matches('http://')).toBe(false);
    expect(integration.matches('arn:aws:states:::http:invoke')).toBe(false);
    expect(integration.matches('ReserveHotel')).toBe(false);
    expect(integration.checkParameters).toBeUndefined();
  });

  it('refuses bad options when it is created', () => {
    expect(() => createDtmBranchIntegration({ ongoingIntervalMs: -1 })).toThrow(RangeError);
    expect(() => createDtmBranchIntegration({ timeoutMs: 0 })).toThrow(RangeError);
  });
});

describe('DTM branch protocol calls', () => {
  it('POSTs the input as JSON with the DTM query and the idempotency key; 2xx succeeds with the body', async () => {
    const { origin } = await serve(inTurn([200, { dtm_result: 'SUCCESS', booking: 'H-1' }]));
    const ctx = taskContext({ executionName: 'trip-42', stateName: 'ReserveHotel', attempt: 2, idempotencyKey: 'k-1' });
    const output = await call(`${origin}/hotel/reserve`, { hotel: 'Ritz', nights: 2 }, {}, ctx);
    expect(output).toEqual({ dtm_result: 'SUCCESS', booking: 'H-1' });
    const [request] = server!.received;
    expect(request!.method).toBe('POST');
    expect(request!.url.pathname).toBe('/hotel/reserve');
    expect(Object.fromEntries(request!.url.searchParams)).toEqual({
      gid: 'trip-42',
      trans_type: 'saga',
      branch_id: 'ReserveHotel',
      op: 'action',
    });
    expect(JSON.parse(request!.body)).toEqual({ hotel: 'Ritz', nights: 2 });
    expect(request!.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(request!.headers['x-unwind-idempotency-key']).toBe('k-1');
    expect(request!.headers['x-unwind-attempt']).toBe('2');
  });

  it('keeps query parameters the URL already has (e.g. op=compensate) and takes a custom branch id', async () => {
    const { origin } = await serve(inTurn([200, '']));
    const output = await call(
      `${origin}/hotel/cancel?op=compensate&x=1`,
      {},
      { branchId: (ctx) => `${ctx.stateName}/${ctx.attempt}` },
    );
    expect(output).toBeNull();
    expect(Object.fromEntries(server!.received[0]!.url.searchParams)).toEqual({
      op: 'compensate',
      x: '1',
      gid: 'exec-1',
      trans_type: 'saga',
      branch_id: 'ReserveHotel/1',
    });
  });

  it('returns a text body as text', async () => {
    const { origin } = await serve(inTurn([201, 'SUCCESS']));
    expect(await call(`${origin}/x`, {})).toBe('SUCCESS');
  });

  it('fails a 409 with Unwind.BusinessFailure and the participant message in the cause', async () => {
    const { origin } = await serve(inTurn([409, { dtm_result: 'FAILURE', message: 'Insufficient balance' }]));
    const error = await rejection(call(`${origin}/bank/transfer-out`, { amount: 30 }));
    expect(error).toBeInstanceOf(IntegrationError);
    expect(error.name).toBe('Unwind.BusinessFailure');
    expect(error.message).toBe(
      `POST ${origin}/bank/transfer-out answered 409 Conflict: {"dtm_result":"FAILURE","message":"Insufficient balance"}`,
    );
    expect(server!.received).toHaveLength(1);
  });

  it('treats a 2xx JSON body with dtm_result FAILURE (DTM before 1.10) as a business failure', async () => {
    const { origin } = await serve(inTurn([200, { dtm_result: 'FAILURE' }]));
    expect((await rejection(call(`${origin}/x`, {}))).name).toBe('Unwind.BusinessFailure');
  });

  it('asks again after 425 (still in progress), with the same body and idempotency key, until it is done', async () => {
    const { origin } = await serve(
      inTurn([425, { dtm_result: 'ONGOING' }], [200, { dtm_result: 'ONGOING' }], [200, { done: true }]),
    );
    const output = await call(`${origin}/kyc/check`, { customer: 7 }, { ongoingIntervalMs: 20 });
    expect(output).toEqual({ done: true });
    expect(server!.received).toHaveLength(3);
    const keys = server!.received.map((request) => request.headers['x-unwind-idempotency-key']);
    expect(new Set(keys)).toEqual(new Set([taskContext().idempotencyKey]));
    expect(new Set(server!.received.map((request) => request.body))).toEqual(new Set(['{"customer":7}']));
  });

  it('stops asking when ctx.signal aborts while the participant keeps answering 425', async () => {
    const { origin } = await serve(inTurn([425, '']));
    const controller = new AbortController();
    const pending = call(`${origin}/slow`, {}, { ongoingIntervalMs: 5 }, taskContext({ signal: controller.signal }));
    await server!.arrival(3);
    controller.abort(new Error('task cancelled'));
    const error = await rejection(pending);
    expect(error.name).toBe('States.Timeout');
    expect(error.message).toContain(`POST ${origin}/slow abandoned`);
    expect(error.message).toContain('task cancelled');
  });

  it.each([
    [500, 'Internal Server Error'],
    [502, 'Bad Gateway'],
    [404, 'Not Found'],
    [429, 'Too Many Requests'],
  ])('fails a %i with Unwind.TransientFailure', async (status, text) => {
    const { origin } = await serve(inTurn([status, 'database unavailable']));
    const error = await rejection(call(`${origin}/x`, {}));
    expect(error.name).toBe('Unwind.TransientFailure');
    expect(error.message).toBe(`POST ${origin}/x answered ${status} ${text}: database unavailable`);
  });

  it('fails with Unwind.TransientFailure when nothing listens', async () => {
    const origin = await deadOrigin();
    const error = await rejection(call(`${origin}/x`, {}));
    expect(error.name).toBe('Unwind.TransientFailure');
    expect(error.message).toContain(`POST ${origin}/x failed: `);
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('fails with Unwind.TransientFailure when the per-request timeout passes', async () => {
    const { origin } = await serve(() => undefined);
    const error = await rejection(call(`${origin}/x`, {}, { timeoutMs: 100 }));
    expect(error.name).toBe('Unwind.TransientFailure');
    expect(error.message).toBe(`POST ${origin}/x timed out after 100 ms`);
    await server!.received[0]!.clientGone;
  });

  it('abandons a held request at once when ctx.signal aborts', async () => {
    const { origin } = await serve(() => undefined);
    const controller = new AbortController();
    const pending = call(`${origin}/x`, {}, {}, taskContext({ signal: controller.signal }));
    const held = await server!.arrival(1);
    controller.abort(new Error('engine stopping'));
    const error = await rejection(pending);
    expect(error.name).toBe('States.Timeout');
    expect(error.message).toBe(`POST ${origin}/x abandoned: engine stopping`);
    await held.clientGone;
  });

  it('sends the same idempotency key on two invocations with the same ctx, and another for another attempt', async () => {
    const { origin } = await serve(inTurn([200, {}]));
    const integration = createDtmBranchIntegration();
    const ctx = taskContext();
    await integration.invoke({ a: 1 }, ctx, `${origin}/x`);
    await integration.invoke({ a: 1 }, ctx, `${origin}/x`);
    await integration.invoke(
      { a: 1 },
      taskContext({ attempt: 2, idempotencyKey: `${ctx.executionArn}#t2` }),
      `${origin}/x`,
    );
    const keys = server!.received.map((request) => request.headers['x-unwind-idempotency-key']);
    expect(keys).toEqual([ctx.idempotencyKey, ctx.idempotencyKey, `${ctx.executionArn}#t2`]);
    const branches = server!.received.map((request) => request.url.searchParams.get('branch_id'));
    expect(branches).toEqual(['ReserveHotel', 'ReserveHotel', 'ReserveHotel']);
  });
});
