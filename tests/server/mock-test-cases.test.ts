import {
  CreateStateMachineCommand,
  GetExecutionHistoryCommand,
  StartExecutionCommand,
  StartSyncExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';
import { mockConfigFromText } from '../../src/engine/mocks/parse-mock-config.js';
import { ROLE_ARN, sdkError, startApiServer, waitForEnd, type ApiServerFixture } from './api-server-fixture.js';

let api: ApiServerFixture | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

/** Reserve has a (counting) handler; Charge has none at all; Charge retries `Declined` after 1 s. */
const definition = JSON.stringify({
  StartAt: 'Reserve',
  States: {
    Reserve: {
      Type: 'Task',
      Resource: 'arn:aws:lambda:us-east-1:123456789012:function:Reserve',
      ResultPath: '$.reservation',
      Next: 'Charge',
    },
    Charge: {
      Type: 'Task',
      Resource: 'arn:aws:lambda:us-east-1:123456789012:function:Charge',
      ResultPath: '$.charge',
      Retry: [{ ErrorEquals: ['Declined'], IntervalSeconds: 1, MaxAttempts: 2 }],
      End: true,
    },
  },
});

/** Step Functions Local's MockConfigFile.json format. */
const mockConfigText = JSON.stringify({
  StateMachines: {
    orders: {
      TestCases: {
        HappyPath: { Reserve: 'ReserveOk', Charge: 'ChargeOk' },
        RetryPath: { Reserve: 'ReserveOk', Charge: 'ChargeDeclinedOnce' },
      },
    },
    'quick-orders': { TestCases: { HappyPath: { Reserve: 'ReserveOk', Charge: 'ChargeOk' } } },
  },
  MockedResponses: {
    ReserveOk: { '0': { Return: { id: 'r-1' } } },
    ChargeOk: { '0': { Return: { paid: 10 } } },
    ChargeDeclinedOnce: {
      '0': { Throw: { Error: 'Declined', Cause: 'card declined' } },
      '1': { Return: { paid: 10, retried: true } },
    },
  },
});

async function serveWithMocks(): Promise<{ api: ApiServerFixture; reserveCalls: unknown[] }> {
  const reserveCalls: unknown[] = [];
  const fixture = await startApiServer(
    { Reserve: (input: unknown) => void reserveCalls.push(input) },
    {},
    { mockConfig: mockConfigFromText(mockConfigText, 'test') },
  );
  api = fixture;
  return { api: fixture, reserveCalls };
}

async function create(fixture: ApiServerFixture, name: string, type: 'STANDARD' | 'EXPRESS'): Promise<string> {
  const created = await fixture.client.send(
    new CreateStateMachineCommand({ name, definition, roleArn: ROLE_ARN, type }),
  );
  return created.stateMachineArn!;
}

describe('Step Functions Local mock test cases through the SDK', () => {
  it('runs executions on <stateMachineArn>#<TestCase> as the mocks dictate, calling no handler', async () => {
    const { api: fixture, reserveCalls } = await serveWithMocks();
    // CreateStateMachine accepts the definition although no handler can run Charge.
    const stateMachineArn = await create(fixture, 'orders', 'STANDARD');
    const start = async (testCase: string, name: string): Promise<string> =>
      (
        await fixture.client.send(
          new StartExecutionCommand({ stateMachineArn: `${stateMachineArn}#${testCase}`, name, input: '{"n":1}' }),
        )
      ).executionArn!;

    const happy = await start('HappyPath', 'happy');
    const retried = await start('RetryPath', 'retried');
    expect(happy).toBe('arn:aws:states:us-east-1:123456789012:execution:orders:happy');
    const happyEnd = await waitForEnd(fixture.client, happy);
    expect(happyEnd.status).toBe('SUCCEEDED');
    expect(JSON.parse(happyEnd.output!)).toEqual({ n: 1, reservation: { id: 'r-1' }, charge: { paid: 10 } });
    const retriedEnd = await waitForEnd(fixture.client, retried);
    expect(retriedEnd.status).toBe('SUCCEEDED');
    expect(JSON.parse(retriedEnd.output!)).toEqual({
      n: 1,
      reservation: { id: 'r-1' },
      charge: { paid: 10, retried: true },
    });
    expect(reserveCalls).toEqual([]);

    // The retry path failed Charge once with the mocked error, then succeeded on the retry.
    const history = await fixture.client.send(new GetExecutionHistoryCommand({ executionArn: retried }));
    const events = history.events ?? [];
    const failures = events.filter((event) => event.type === 'LambdaFunctionFailed');
    expect(failures.map((event) => event.lambdaFunctionFailedEventDetails)).toEqual([
      { error: 'Declined', cause: 'card declined' },
    ]);
    expect(events.filter((event) => event.type === 'LambdaFunctionScheduled')).toHaveLength(3);
    expect(events.at(-1)?.type).toBe('ExecutionSucceeded');
  });

  it('StartSyncExecution runs an EXPRESS state machine on a test case', async () => {
    const { api: fixture, reserveCalls } = await serveWithMocks();
    const stateMachineArn = await create(fixture, 'quick-orders', 'EXPRESS');
    const answer = await fixture.client.send(
      new StartSyncExecutionCommand({ stateMachineArn: `${stateMachineArn}#HappyPath`, input: '{}' }),
    );
    expect(answer.status).toBe('SUCCEEDED');
    expect(JSON.parse(answer.output!)).toEqual({ reservation: { id: 'r-1' }, charge: { paid: 10 } });
    expect(reserveCalls).toEqual([]);
  });

  it('refuses an unknown test case, and a start without one still needs handlers', async () => {
    const { api: fixture } = await serveWithMocks();
    const stateMachineArn = await create(fixture, 'orders', 'STANDARD');
    const unknown = await sdkError(
      fixture.client.send(new StartExecutionCommand({ stateMachineArn: `${stateMachineArn}#NoSuchCase` })),
    );
    expect(unknown.name).toBe('ValidationException');
    expect(unknown.message).toContain("no test case 'NoSuchCase' for state machine 'orders'");
    expect(unknown.message).toContain('HappyPath, RetryPath');
    const unmocked = await sdkError(fixture.client.send(new StartExecutionCommand({ stateMachineArn })));
    expect(unmocked.name).toBe('InvalidDefinition');
    expect(unmocked.message).toContain('$.States.Charge.Resource');
  });

  it('without a mock config, a test case is a ValidationException naming it', async () => {
    api = await startApiServer({ Reserve: () => ({}), Charge: () => ({}) });
    const stateMachineArn = await create(api, 'orders', 'STANDARD');
    const refused = await sdkError(
      api.client.send(new StartExecutionCommand({ stateMachineArn: `${stateMachineArn}#HappyPath` })),
    );
    expect(refused.name).toBe('ValidationException');
    expect(refused.message).toContain("test case 'HappyPath': no mock config is loaded");
  });
});
