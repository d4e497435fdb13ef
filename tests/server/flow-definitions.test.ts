import { readFileSync } from 'node:fs';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';
import { handlers } from '../../examples/travel-fdl/handlers.js';
import { ROLE_ARN, startApiServer, waitFor, type ApiServerFixture } from './api-server-fixture.js';

/** CreateStateMachine takes Serverless Workflow flows (`type: flow`) as well as ASL, and runs them. */
const flowText = readFileSync(new URL('../../examples/travel-fdl/travel.flow.yaml', import.meta.url), 'utf8');

let fixture: ApiServerFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

describe('flow definitions over the API', () => {
  it('creates a state machine from the seed flow, shows it as written and runs it to OrderSucceeded', async () => {
    fixture = await startApiServer(handlers);
    const { client } = fixture;
    const { stateMachineArn } = await client.send(
      new CreateStateMachineCommand({ name: 'travel', definition: flowText, roleArn: ROLE_ARN }),
    );
    const described = await client.send(new DescribeStateMachineCommand({ stateMachineArn }));
    expect(described.definition).toBe(flowText);
    const input = {
      buy_train_ticket_result: 'success',
      reserve_flight_result: 'success',
      reserve_hotel_result: 'success',
    };
    const { executionArn } = await client.send(
      new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }),
    );
    const done = await waitFor(async () => {
      const execution = await client.send(new DescribeExecutionCommand({ executionArn }));
      return execution.status === 'RUNNING' ? undefined : execution;
    }, 'the flow execution to end');
    expect(done.status).toBe('SUCCEEDED');
    const history = await client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
    const entered = (history.events ?? [])
      .filter((event) => event.type?.endsWith('StateEntered'))
      .map((event) => event.stateEnteredEventDetails?.name);
    expect(entered).toEqual(expect.arrayContaining(['BuyTrainTicket', 'ReserveFlight', 'ReserveHotel']));
  });

  it('refuses a flow with mistakes, naming their lines and columns', async () => {
    fixture = await startApiServer(handlers);
    const broken = flowText.replace('type: task', 'type: taks').replace('maxAttempts: 3', 'maxAttempts: -3');
    const error = await fixture.client
      .send(new CreateStateMachineCommand({ name: 'broken', definition: broken, roleArn: ROLE_ARN }))
      .then(
        () => undefined,
        (caught: unknown) => caught as { name: string; message: string },
      );
    expect(error?.name).toBe('InvalidDefinition');
    expect(error?.message).toMatch(/taks.*\(line \d+, column \d+\)/);
    expect(error?.message).toMatch(/maxAttempts.*\(line \d+, column \d+\)/);
  });
});
