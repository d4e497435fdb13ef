import { DescribeExecutionCommand, ListStateMachinesCommand } from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/server/metrics.js';
import { sdkError, startApiServer, waitFor, type ApiServerFixture } from './api-server-fixture.js';

let api: ApiServerFixture | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

/** The value of one sample line `name{labels} value` of the exposition (undefined when absent). */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics through the server', () => {
  it('counts the API requests made with the SDK by operation and status', async () => {
    const emptyQueue = { listUnfinishedExecutions: () => Promise.resolve([]), countDueWork: () => Promise.resolve(0) };
    const metrics = createMetrics({ store: emptyQueue });
    api = await startApiServer({}, { metrics, onApiRequest: (record) => metrics.onApiRequest(record) });
    await api.client.send(new ListStateMachinesCommand({}));
    await api.client.send(new ListStateMachinesCommand({}));
    const missing = 'arn:aws:states:us-east-1:123456789012:execution:none:none';
    expect((await sdkError(api.client.send(new DescribeExecutionCommand({ executionArn: missing })))).name).toBe(
      'ExecutionDoesNotExist',
    );
    const url = api.url;
    // The count is taken when the response has gone out, so a scrape right after may be a moment early.
    const text = await waitFor(async () => {
      const body = await (await fetch(`${url}/metrics`)).text();
      return sample(body, 'unwind_api_requests_total{operation="DescribeExecution",status="400"}') === 1
        ? body
        : undefined;
    }, 'the DescribeExecution count');
    expect(sample(text, 'unwind_api_requests_total{operation="ListStateMachines",status="200"}')).toBe(2);
    expect(text).not.toContain('operation="unknown"');
  });
});
