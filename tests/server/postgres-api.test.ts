import {
  CreateStateMachineCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterEach, expect, it } from 'vitest';
import { describePostgres } from '../postgres/postgres-test-database.js';
import {
  callbackDefinition,
  ROLE_ARN,
  sdkError,
  startApiServer,
  tokenCollector,
  waitForEnd,
  type ApiServerFixture,
} from './api-server-fixture.js';

let api: ApiServerFixture | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

describePostgres('the API on PostgreSQL', () => {
  it('creates, starts idempotently, answers a callback, lists and pages history', async () => {
    const tokens = tokenCollector();
    api = await startApiServer(tokens.handlers, {}, {}, 'postgres');
    const { stateMachineArn } = await api.client.send(
      new CreateStateMachineCommand({ name: 'pg-approval', definition: callbackDefinition(), roleArn: ROLE_ARN }),
    );
    const again = await api.client.send(
      new CreateStateMachineCommand({ name: 'pg-approval', definition: callbackDefinition(), roleArn: ROLE_ARN }),
    );
    expect(again.stateMachineArn).toBe(stateMachineArn);
    const start = () => api!.client.send(new StartExecutionCommand({ stateMachineArn, name: 'one', input: '{}' }));
    const first = await start();
    expect((await start()).executionArn).toBe(first.executionArn);
    await api.client.send(
      new SendTaskSuccessCommand({ taskToken: await tokens.of(first.executionArn!), output: '{"ok":1}' }),
    );
    expect((await waitForEnd(api.client, first.executionArn!)).status).toBe('SUCCEEDED');

    const listed = await api.client.send(new ListExecutionsCommand({ stateMachineArn }));
    expect(listed.executions?.map((execution) => execution.name)).toEqual(['one']);
    const page = await api.client.send(
      new GetExecutionHistoryCommand({ executionArn: first.executionArn, maxResults: 3 }),
    );
    expect(page.events?.map((event) => event.id)).toEqual([1, 2, 3]);
    const rest = await api.client.send(
      new GetExecutionHistoryCommand({ executionArn: first.executionArn, nextToken: page.nextToken }),
    );
    expect(rest.events?.[0]?.id).toBe(4);
    expect(rest.events?.at(-1)?.type).toBe('ExecutionSucceeded');
    const tampered = api.client.send(new ListStateMachinesCommand({ nextToken: `${page.nextToken!}x` }));
    expect((await sdkError(tampered)).name).toBe('InvalidToken');
  });
});
