import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { StateMachineDefinition } from '../../../src/core/definition/asl-types.js';
import { createEngineFixture, enteredStates, type EngineFixture } from '../../helpers/engine-fixture.js';

let fixture: EngineFixture | undefined;
let server: Server | undefined;
afterEach(async () => {
  await fixture?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  fixture = undefined;
  server = undefined;
});

/** A loopback service: GET /stock/<sku> answers 200 with JSON for 'abc', 404 otherwise. */
async function startStockService(): Promise<string> {
  server = createServer((request, response) => {
    const sku = request.url?.split('/').pop();
    response.setHeader('content-type', 'application/json');
    response.statusCode = sku === 'abc' ? 200 : 404;
    response.end(JSON.stringify(sku === 'abc' ? { sku, available: 3 } : { message: 'unknown sku' }));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function definition(base: string): StateMachineDefinition {
  return {
    StartAt: 'CheckStock',
    States: {
      CheckStock: {
        Type: 'Task',
        Resource: 'arn:aws:states:::http:invoke',
        Parameters: { 'ApiEndpoint.$': `States.Format('${base}/stock/{}', $.sku)`, Method: 'GET' },
        ResultSelector: { 'available.$': '$.ResponseBody.available', 'status.$': '$.StatusCode' },
        ResultPath: '$.stock',
        Catch: [{ ErrorEquals: ['States.Http.StatusCode.404'], ResultPath: '$.error', Next: 'UnknownSku' }],
        End: true,
      },
      UnknownSku: { Type: 'Fail', Error: 'UnknownSku' },
    },
  };
}

describe('the HTTP task inside a state machine', () => {
  it('calls a real HTTP endpoint and shapes its answer with ResultSelector', async () => {
    const base = await startStockService();
    fixture = await createEngineFixture({});
    const { record, output } = await fixture.run(definition(base), { sku: 'abc' });
    expect(record.status).toBe('SUCCEEDED');
    expect(output).toEqual({ sku: 'abc', stock: { available: 3, status: 200 } });
  });

  it('fails a non-2xx answer with States.Http.StatusCode.<code>, which Catch can take', async () => {
    const base = await startStockService();
    fixture = await createEngineFixture({});
    const { record, events } = await fixture.run(definition(base), { sku: 'zzz' });
    expect(record.status).toBe('FAILED');
    expect(record.error).toBe('UnknownSku');
    expect(enteredStates(events)).toEqual(['CheckStock', 'UnknownSku']);
    const failed = events.find((event) => event.type === 'TaskFailed')?.taskFailedEventDetails as { error: string };
    expect(failed.error).toBe('States.Http.StatusCode.404');
  });
});
