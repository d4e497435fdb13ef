import { afterEach, describe, expect, it } from 'vitest';
import type { StateMachineDefinition } from '../../../src/core/definition/asl-types.js';
import {
  createDtmBranchIntegration,
  createHttpInvokeIntegration,
  integrationHandler,
} from '../../../src/engine/integrations/index.js';
import { createEngineFixture, enteredStates, type EngineFixture } from '../../helpers/engine-fixture.js';
import { answer, startTestServer, type TestServer } from './http-test-server.js';

// Until resolve-resource.ts routes URL and http:invoke resources to the integrations, these tests
// bind each integration to a handler name, which is what that hook will do.

let server: TestServer | undefined;
let fixture: EngineFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  await server?.close();
  fixture = undefined;
  server = undefined;
});

describe('integrations driven by the engine', () => {
  it('retries a transient DTM failure, then compensates after a business failure', async () => {
    let reserveCalls = 0;
    server = await startTestServer((request) => {
      if (request.url.pathname === '/hotel/reserve') {
        reserveCalls += 1;
        if (reserveCalls === 1) answer(request.response, 503, 'busy');
        else answer(request.response, 409, { dtm_result: 'FAILURE', message: 'no rooms' });
      } else {
        answer(request.response, 200, { cancelled: true });
      }
    });
    const dtm = createDtmBranchIntegration();
    const reserve = `${server.origin}/hotel/reserve`;
    const cancel = `${server.origin}/hotel/cancel?op=compensate&branch_id=ReserveHotel`;
    fixture = await createEngineFixture({
      ReserveHotel: integrationHandler(dtm, reserve),
      CancelHotel: integrationHandler(dtm, cancel),
    });
    const definition: StateMachineDefinition = {
      StartAt: 'ReserveHotel',
      States: {
        ReserveHotel: {
          Type: 'Task',
          Resource: 'ReserveHotel',
          Retry: [{ ErrorEquals: ['Unwind.TransientFailure'], IntervalSeconds: 1, MaxAttempts: 3 }],
          Catch: [{ ErrorEquals: ['Unwind.BusinessFailure'], ResultPath: '$.error', Next: 'CancelHotel' }],
          Next: 'Booked',
        },
        CancelHotel: { Type: 'Task', Resource: 'CancelHotel', ResultPath: null, Next: 'NotBooked' },
        NotBooked: { Type: 'Fail', Error: 'TripFailed', Cause: 'the hotel said no' },
        Booked: { Type: 'Succeed' },
      },
    };
    const { record, events } = await fixture.run(definition, { hotel: 'Ritz' }, 'trip-7');
    expect(record.status).toBe('FAILED');
    expect(record.error).toBe('TripFailed');
    expect(enteredStates(events)).toEqual(['ReserveHotel', 'CancelHotel', 'NotBooked']);
    const [first, second, compensation] = server.received;
    expect(server.received).toHaveLength(3);
    expect(first!.headers['x-unwind-attempt']).toBe('1');
    expect(second!.headers['x-unwind-attempt']).toBe('2');
    expect(first!.headers['x-unwind-idempotency-key']).not.toBe(second!.headers['x-unwind-idempotency-key']);
    for (const request of server.received) {
      expect(request.url.searchParams.get('gid')).toBe('trip-7');
      expect(request.url.searchParams.get('branch_id')).toBe('ReserveHotel');
    }
    expect(compensation!.url.searchParams.get('op')).toBe('compensate');
    expect(JSON.parse(compensation!.body)).toMatchObject({
      hotel: 'Ritz',
      error: { Error: 'Unwind.BusinessFailure' },
    });
  });

  it('runs an HTTP Task and catches States.Http.StatusCode.404', async () => {
    server = await startTestServer((request) =>
      request.url.pathname === '/customers/1'
        ? answer(request.response, 200, { id: 1, name: 'Ada' })
        : answer(request.response, 404, { message: 'unknown customer' }),
    );
    fixture = await createEngineFixture({
      Http: integrationHandler(createHttpInvokeIntegration(), 'arn:aws:states:::http:invoke'),
    });
    const definition: StateMachineDefinition = {
      StartAt: 'Get',
      States: {
        Get: {
          Type: 'Task',
          Resource: 'Http',
          Parameters: { 'ApiEndpoint.$': '$.url', Method: 'GET' },
          ResultSelector: { 'name.$': '$.ResponseBody.name', 'status.$': '$.StatusCode' },
          Catch: [{ ErrorEquals: ['States.Http.StatusCode.404'], Next: 'Missing' }],
          End: true,
        },
        Missing: { Type: 'Pass', Result: 'missing', End: true },
      },
    };
    const found = await fixture.run(definition, { url: `${server.origin}/customers/1` });
    expect(found.output).toEqual({ name: 'Ada', status: 200 });
    const missing = await fixture.run(definition, { url: `${server.origin}/customers/2` });
    expect(missing.output).toBe('missing');
  });
});
