import {
  CreateStateMachineCommand,
  GetExecutionHistoryCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  callbackDefinition,
  ROLE_ARN,
  sdkError,
  startApiServer,
  tokenCollector,
  waitFor,
  waitForEnd,
  type ApiServerFixture,
} from './api-server-fixture.js';

let api: ApiServerFixture;
let tokens: ReturnType<typeof tokenCollector>;
let stateMachineArn: string;
beforeEach(async () => {
  tokens = tokenCollector();
  api = await startApiServer(tokens.handlers);
  const created = await api.client.send(
    new CreateStateMachineCommand({ name: 'approval', definition: callbackDefinition(), roleArn: ROLE_ARN }),
  );
  stateMachineArn = created.stateMachineArn!;
});
afterEach(async () => {
  await api.close();
});

async function start(input = '{"amount":10}'): Promise<string> {
  const started = await api.client.send(new StartExecutionCommand({ stateMachineArn, input }));
  return started.executionArn!;
}

describe('task callbacks (.waitForTaskToken) through the SDK', () => {
  it('completes the execution with SendTaskSuccess, using the token recorded in the history', async () => {
    const executionArn = await start();
    await tokens.of(executionArn);
    const token = await waitFor(async () => {
      const history = await api.client.send(new GetExecutionHistoryCommand({ executionArn }));
      const scheduled = history.events?.find((event) => event.type === 'TaskScheduled');
      const parameters = scheduled?.taskScheduledEventDetails?.parameters;
      return parameters ? (JSON.parse(parameters) as { token: string }).token : undefined;
    }, 'the TaskScheduled event');
    await api.client.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    await api.client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"approvedBy":"ops"}' }));
    const ended = await waitForEnd(api.client, executionArn);
    expect(ended.status).toBe('SUCCEEDED');
    expect(JSON.parse(ended.output!)).toEqual({ amount: 10, approval: { approvedBy: 'ops' }, label: 'after' });

    const late = await sdkError(api.client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })));
    expect(late.name).toBe('TaskTimedOut');
    expect((await sdkError(api.client.send(new SendTaskHeartbeatCommand({ taskToken: token })))).name).toBe(
      'TaskTimedOut',
    );
  });

  it('fails the task with SendTaskFailure, which the Catch takes', async () => {
    const executionArn = await start();
    const token = await tokens.of(executionArn);
    await api.client.send(new SendTaskFailureCommand({ taskToken: token, error: 'Rejected', cause: 'too much' }));
    const ended = await waitForEnd(api.client, executionArn);
    expect(ended).toMatchObject({ status: 'FAILED', error: 'Refused' });
  });

  it('answers InvalidToken for a forged token and InvalidOutput for output that is not JSON', async () => {
    const executionArn = await start();
    const token = await tokens.of(executionArn);
    const forged = `${token.slice(0, -2)}xx`;
    expect(
      (await sdkError(api.client.send(new SendTaskSuccessCommand({ taskToken: forged, output: '{}' })))).name,
    ).toBe('InvalidToken');
    expect((await sdkError(api.client.send(new SendTaskFailureCommand({ taskToken: 'garbage' })))).name).toBe(
      'InvalidToken',
    );
    const notJson = api.client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{oops' }));
    expect((await sdkError(notJson)).name).toBe('InvalidOutput');
    const tooLarge = api.client.send(
      new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify('x'.repeat(262_144)) }),
    );
    const error = await sdkError(tooLarge);
    expect(error.name).toBe('ValidationException');
    expect(error.message).toContain("'output'");
  });
});
