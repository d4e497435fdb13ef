import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineForExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  StopExecutionCommand,
  UpdateStateMachineCommand,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';
import {
  callbackDefinition,
  passDefinition,
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

async function machine(
  fixture: ApiServerFixture,
  name: string,
  definition: string,
  extra: Record<string, unknown> = {},
): Promise<{ stateMachineArn: string; stateMachineVersionArn?: string }> {
  const created = await fixture.client.send(
    new CreateStateMachineCommand({ name, definition, roleArn: ROLE_ARN, ...extra }),
  );
  return {
    stateMachineArn: created.stateMachineArn!,
    ...(created.stateMachineVersionArn ? { stateMachineVersionArn: created.stateMachineVersionArn } : {}),
  };
}

describe('StartExecution / DescribeExecution', () => {
  it('runs an execution to its end and describes it', async () => {
    api = await startApiServer();
    const { stateMachineArn } = await machine(api, 'hello', passDefinition({ greeting: 'hi' }));
    const started = await api.client.send(
      new StartExecutionCommand({ stateMachineArn, name: 'first', input: '{"who":"you"}' }),
    );
    expect(started.executionArn).toBe('arn:aws:states:us-east-1:123456789012:execution:hello:first');
    expect(started.startDate).toBeInstanceOf(Date);
    const ended = await waitForEnd(api.client, started.executionArn!);
    expect(ended).toMatchObject({
      status: 'SUCCEEDED',
      name: 'first',
      stateMachineArn,
      input: '{"who":"you"}',
      inputDetails: { included: true },
      output: '{"greeting":"hi"}',
    });
    expect(ended.stopDate!.getTime()).toBeGreaterThanOrEqual(ended.startDate!.getTime());
    const metadata = await api.client.send(
      new DescribeExecutionCommand({ executionArn: started.executionArn, includedData: 'METADATA_ONLY' }),
    );
    expect(metadata.input).toBeUndefined();
    expect(metadata.output).toBeUndefined();
    expect(metadata.inputDetails).toEqual({ included: false });
  });

  it('is idempotent for the same name and input while running; otherwise ExecutionAlreadyExists', async () => {
    const tokens = tokenCollector();
    api = await startApiServer(tokens.handlers);
    const { stateMachineArn } = await machine(api, 'approval', callbackDefinition());
    const start = (input: string) =>
      api!.client.send(new StartExecutionCommand({ stateMachineArn, name: 'order-1', input }));
    const first = await start('{"amount":1}');
    const again = await start('{"amount":1}');
    expect(again.executionArn).toBe(first.executionArn);
    expect(again.startDate?.getTime()).toBe(first.startDate?.getTime());
    expect((await sdkError(start('{"amount":2}'))).name).toBe('ExecutionAlreadyExists');

    const stopped = await api.client.send(
      new StopExecutionCommand({ executionArn: first.executionArn, error: 'Cancelled', cause: 'by the test' }),
    );
    expect(stopped.stopDate).toBeInstanceOf(Date);
    const described = await api.client.send(new DescribeExecutionCommand({ executionArn: first.executionArn }));
    expect(described).toMatchObject({ status: 'ABORTED', error: 'Cancelled', cause: 'by the test' });
    expect((await sdkError(start('{"amount":1}'))).name).toBe('ExecutionAlreadyExists');
    const history = await api.client.send(
      new GetExecutionHistoryCommand({ executionArn: first.executionArn, reverseOrder: true, maxResults: 1 }),
    );
    expect(history.events?.[0]).toMatchObject({
      type: 'ExecutionAborted',
      executionAbortedEventDetails: { error: 'Cancelled', cause: 'by the test' },
    });
  });

  it('answers the execution errors: missing state machine, bad input, bad name, test-case suffix', async () => {
    api = await startApiServer();
    const { stateMachineArn } = await machine(api, 'hello', passDefinition());
    const start = (input: Record<string, unknown>) =>
      api!.client.send(new StartExecutionCommand({ stateMachineArn, ...input }));
    expect((await sdkError(start({ stateMachineArn: `${stateMachineArn}-gone` }))).name).toBe(
      'StateMachineDoesNotExist',
    );
    expect((await sdkError(start({ input: '{not json' }))).name).toBe('InvalidExecutionInput');
    const tooLarge = await sdkError(start({ input: JSON.stringify({ blob: 'x'.repeat(262_144) }) }));
    expect(tooLarge.name).toBe('ValidationException');
    expect(tooLarge.message).toContain("'input'");
    expect((await sdkError(start({ name: 'a/b' }))).name).toBe('InvalidName');
    const testCase = await sdkError(start({ stateMachineArn: `${stateMachineArn}#HappyPath` }));
    expect(testCase.name).toBe('ValidationException');
    expect(testCase.message).toContain("test case 'HappyPath': no mock config is loaded");
    const describeMissing = api.client.send(
      new DescribeExecutionCommand({ executionArn: 'arn:aws:states:us-east-1:123456789012:execution:hello:nope' }),
    );
    expect((await sdkError(describeMissing)).name).toBe('ExecutionDoesNotExist');
    const stopMalformed = api.client.send(new StopExecutionCommand({ executionArn: 'arn:aws:states:::nothing' }));
    expect((await sdkError(stopMalformed)).name).toBe('InvalidArn');
  });

  it('starts on a version ARN with that version definition and lists it under the version', async () => {
    api = await startApiServer();
    const { stateMachineArn, stateMachineVersionArn } = await machine(api, 'versioned', passDefinition('v1'), {
      publish: true,
    });
    await api.client.send(new UpdateStateMachineCommand({ stateMachineArn, definition: passDefinition('v2') }));
    const onVersion = await api.client.send(
      new StartExecutionCommand({ stateMachineArn: stateMachineVersionArn, name: 'on-v1' }),
    );
    const onLatest = await api.client.send(new StartExecutionCommand({ stateMachineArn, name: 'on-latest' }));
    expect((await waitForEnd(api.client, onVersion.executionArn!)).output).toBe('"v1"');
    expect((await waitForEnd(api.client, onLatest.executionArn!)).output).toBe('"v2"');
    const listed = await api.client.send(new ListExecutionsCommand({ stateMachineArn: stateMachineVersionArn }));
    expect(listed.executions?.map((execution) => execution.name)).toEqual(['on-v1']);
    expect(listed.executions?.[0]?.stateMachineVersionArn).toBe(stateMachineVersionArn);
  });
});

describe('UpdateStateMachine and running executions', () => {
  it('leaves a running execution on the definition it started with', async () => {
    const tokens = tokenCollector();
    api = await startApiServer(tokens.handlers);
    const { stateMachineArn } = await machine(api, 'pinned', callbackDefinition('old'));
    const running = await api.client.send(new StartExecutionCommand({ stateMachineArn, name: 'running' }));
    const token = await tokens.next();
    await api.client.send(new UpdateStateMachineCommand({ stateMachineArn, definition: callbackDefinition('new') }));

    const forExecution = await api.client.send(
      new DescribeStateMachineForExecutionCommand({ executionArn: running.executionArn }),
    );
    expect(forExecution.definition).toBe(callbackDefinition('old'));
    expect(forExecution.name).toBe('pinned');

    await api.client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"approved":true}' }));
    const ended = await waitForEnd(api.client, running.executionArn!);
    expect(JSON.parse(ended.output!)).toEqual({ approval: { approved: true }, label: 'old' });

    const later = await api.client.send(new StartExecutionCommand({ stateMachineArn, name: 'later' }));
    await api.client.send(
      new SendTaskSuccessCommand({ taskToken: await tokens.of(later.executionArn!), output: '{}' }),
    );
    expect(JSON.parse((await waitForEnd(api.client, later.executionArn!)).output!)).toMatchObject({ label: 'new' });
  });
});

describe('ListExecutions', () => {
  it('lists newest first over several pages, filters by status, and refuses tampered or foreign tokens', async () => {
    const tokens = tokenCollector();
    api = await startApiServer(tokens.handlers);
    const { stateMachineArn } = await machine(api, 'many', callbackDefinition());
    const arns: string[] = [];
    for (let index = 0; index < 5; index++) {
      const started = await api.client.send(new StartExecutionCommand({ stateMachineArn, name: `run-${index}` }));
      arns.push(started.executionArn!);
      await new Promise((resolve) => setTimeout(resolve, 3)); // distinct start times
    }
    for (const arn of arns.slice(0, 3)) {
      await api.client.send(new SendTaskSuccessCommand({ taskToken: await tokens.of(arn), output: '{}' }));
      expect((await waitForEnd(api.client, arn)).status).toBe('SUCCEEDED');
    }

    const names: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await api.client.send(new ListExecutionsCommand({ stateMachineArn, maxResults: 2, nextToken }));
      names.push(...(page.executions ?? []).map((execution) => execution.name!));
      nextToken = page.nextToken;
      pages += 1;
    } while (nextToken);
    expect(names).toEqual(['run-4', 'run-3', 'run-2', 'run-1', 'run-0']);
    expect(pages).toBe(3);

    const running = await api.client.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: 'RUNNING' }));
    expect(running.executions?.map((execution) => execution.name)).toEqual(['run-4', 'run-3']);

    const first = await api.client.send(new ListExecutionsCommand({ stateMachineArn, maxResults: 1 }));
    const token = first.nextToken!;
    const tampered = token.replace(/.$/, token.endsWith('A') ? 'B' : 'A');
    const bad = api.client.send(new ListExecutionsCommand({ stateMachineArn, nextToken: tampered }));
    expect((await sdkError(bad)).name).toBe('InvalidToken');
    const foreign = api.client.send(
      new ListExecutionsCommand({ stateMachineArn, statusFilter: 'RUNNING', nextToken: token }),
    );
    expect((await sdkError(foreign)).name).toBe('InvalidToken');
    const missing = api.client.send(new ListExecutionsCommand({ stateMachineArn: `${stateMachineArn}-gone` }));
    expect((await sdkError(missing)).name).toBe('StateMachineDoesNotExist');
  });
});

describe('GetExecutionHistory', () => {
  it('pages forward and in reverse, converts timestamps, and can leave execution data out', async () => {
    api = await startApiServer();
    const definition = JSON.stringify({
      StartAt: 'One',
      States: { One: { Type: 'Pass', Next: 'Two' }, Two: { Type: 'Pass', Result: { done: true }, End: true } },
    });
    const { stateMachineArn } = await machine(api, 'history', definition);
    const { executionArn } = await api.client.send(
      new StartExecutionCommand({ stateMachineArn, input: '{"secret":"s3cr3t"}' }),
    );
    await waitForEnd(api.client, executionArn!);

    const all: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await api.client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 2, nextToken }));
      expect(page.events!.length).toBeLessThanOrEqual(2);
      all.push(...page.events!);
      nextToken = page.nextToken;
    } while (nextToken);
    expect(all.map((event) => event.type)).toEqual([
      'ExecutionStarted',
      'PassStateEntered',
      'PassStateExited',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
    expect(all.map((event) => event.id)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(all[0]!.timestamp).toBeInstanceOf(Date);
    expect(Math.abs(all[0]!.timestamp!.getTime() - Date.now())).toBeLessThan(60_000);
    expect(all[0]!.executionStartedEventDetails?.input).toBe('{"secret":"s3cr3t"}');

    const reversed = await api.client.send(
      new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 4 }),
    );
    expect(reversed.events?.map((event) => event.id)).toEqual([6, 5, 4, 3]);
    const rest = await api.client.send(
      new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, nextToken: reversed.nextToken }),
    );
    expect(rest.events?.map((event) => event.id)).toEqual([2, 1]);

    const withoutData = await api.client.send(
      new GetExecutionHistoryCommand({ executionArn, includeExecutionData: false }),
    );
    expect(withoutData.events?.[0]?.executionStartedEventDetails?.input).toBeUndefined();
    expect(withoutData.events?.at(-1)?.executionSucceededEventDetails?.output).toBeUndefined();
    expect(JSON.stringify(withoutData.events)).not.toContain('s3cr3t');
  });
});

describe('StartSyncExecution', () => {
  it('runs an EXPRESS execution and answers its outcome; refuses a STANDARD state machine', async () => {
    api = await startApiServer();
    const express = await machine(api, 'quick', passDefinition({ fast: true }), { type: 'EXPRESS' });
    const done = await api.client.send(
      new StartSyncExecutionCommand({ stateMachineArn: express.stateMachineArn, input: '{"a":1}' }),
    );
    expect(done).toMatchObject({ status: 'SUCCEEDED', output: '{"fast":true}', input: '{"a":1}' });
    expect(done.billingDetails?.billedDurationInMilliseconds).toBeGreaterThanOrEqual(100);
    expect(done.stopDate).toBeInstanceOf(Date);

    const failing = JSON.stringify({ StartAt: 'No', States: { No: { Type: 'Fail', Error: 'Nope', Cause: 'always' } } });
    const failed = await machine(api, 'failing', failing, { type: 'EXPRESS' });
    const outcome = await api.client.send(new StartSyncExecutionCommand({ stateMachineArn: failed.stateMachineArn }));
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'Nope', cause: 'always' });

    const standard = await machine(api, 'slow', passDefinition());
    const refused = api.client.send(new StartSyncExecutionCommand({ stateMachineArn: standard.stateMachineArn }));
    expect((await sdkError(refused)).name).toBe('StateMachineTypeNotSupported');
    const listed = await api.client.send(new ListExecutionsCommand({ stateMachineArn: standard.stateMachineArn }));
    expect(listed.executions).toEqual([]);
  });
});
