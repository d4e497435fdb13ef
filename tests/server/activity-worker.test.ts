import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
  CreateActivityCommand,
  CreateStateMachineCommand,
  GetActivityTaskCommand,
  GetExecutionHistoryCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';
import type { Operation } from '../../src/server/operation.js';
import { operations } from '../../src/server/operations/index.js';
import { AMZ_JSON } from '../../src/server/http-server.js';
import { ROLE_ARN, startApiServer, waitFor, waitForEnd, type ApiServerFixture } from './api-server-fixture.js';

let api: ApiServerFixture | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

/** A state machine whose only state is a task of the activity; its result becomes `$.packed`. */
function activityDefinition(activityArn: string): string {
  return JSON.stringify({
    StartAt: 'Pack',
    States: { Pack: { Type: 'Task', Resource: activityArn, ResultPath: '$.packed', End: true } },
  });
}

async function setUp(fixture: ApiServerFixture, name: string): Promise<{ activityArn: string; machine: string }> {
  const { activityArn } = await fixture.client.send(new CreateActivityCommand({ name }));
  const { stateMachineArn } = await fixture.client.send(
    new CreateStateMachineCommand({
      name: `${name}-flow`,
      definition: activityDefinition(activityArn!),
      roleArn: ROLE_ARN,
    }),
  );
  return { activityArn: activityArn!, machine: stateMachineArn! };
}

/** The workerName of the execution's ActivityStarted event. */
async function startedBy(fixture: ApiServerFixture, executionArn: string): Promise<string | undefined> {
  const history = await fixture.client.send(new GetExecutionHistoryCommand({ executionArn }));
  const started = history.events?.find((event) => event.type === 'ActivityStarted');
  return started?.activityStartedEventDetails?.workerName;
}

describe('activities through the SDK', () => {
  it('a worker loop (GetActivityTask, then SendTaskSuccess) completes the executions', async () => {
    api = await startApiServer();
    const fixture = api;
    const { activityArn, machine } = await setUp(fixture, 'pack');
    const executions: string[] = [];
    for (const order of [1, 2, 3]) {
      const started = await fixture.client.send(
        new StartExecutionCommand({ stateMachineArn: machine, input: JSON.stringify({ order }) }),
      );
      executions.push(started.executionArn!);
    }
    let answered = 0;
    while (answered < executions.length) {
      const task = await fixture.client.send(new GetActivityTaskCommand({ activityArn, workerName: 'sdk-worker' }));
      expect(task.taskToken, 'a long poll with queued tasks answers one').toBeDefined();
      const input = JSON.parse(task.input!) as { order: number };
      const output = JSON.stringify({ box: `box-${input.order}` });
      await fixture.client.send(new SendTaskSuccessCommand({ taskToken: task.taskToken!, output }));
      answered++;
    }
    for (const [index, executionArn] of executions.entries()) {
      const ended = await waitForEnd(fixture.client, executionArn);
      expect(ended.status).toBe('SUCCEEDED');
      expect(JSON.parse(ended.output!)).toEqual({ order: index + 1, packed: { box: `box-${index + 1}` } });
      expect(await startedBy(fixture, executionArn)).toBe('sdk-worker');
    }
  });

  it('a worker that hangs up ends its long poll, so the next task goes to a worker that is there', async () => {
    const entered: string[] = [];
    const settled: string[] = [];
    // GetActivityTask as served, noting the worker name when its run begins and once it has ended.
    const observed: Operation[] = operations.map((operation) =>
      operation.name !== 'GetActivityTask'
        ? operation
        : {
            name: operation.name,
            run: async (body, context) => {
              entered.push((body as { workerName?: string }).workerName ?? '');
              try {
                return await operation.run(body, context);
              } finally {
                settled.push((body as { workerName?: string }).workerName ?? '');
              }
            },
          },
    );
    api = await startApiServer({}, { operations: observed });
    const fixture = api;
    const { activityArn, machine } = await setUp(fixture, 'ship');

    const hangUp = new AbortController();
    const ghost = fetch(fixture.url, {
      method: 'POST',
      headers: { 'content-type': AMZ_JSON, 'x-amz-target': 'AWSStepFunctions.GetActivityTask' },
      body: JSON.stringify({ activityArn, workerName: 'ghost' }),
      signal: hangUp.signal,
    }).catch((error: unknown) => error);
    // The poll is waiting (the activity has no task); then the worker hangs up.
    await waitFor(async () => Promise.resolve(entered.includes('ghost') || undefined), 'the ghost poll', 5_000);
    expect(settled).toEqual([]);
    hangUp.abort();
    expect(await ghost).toBeInstanceOf(Error);
    // Without the request's abort signal the poll would go on for 60 s.
    await waitFor(
      async () => Promise.resolve(settled.includes('ghost') || undefined),
      'the end of the ghost poll',
      5_000,
    );

    const { executionArn } = await fixture.client.send(new StartExecutionCommand({ stateMachineArn: machine }));
    const task = await fixture.client.send(new GetActivityTaskCommand({ activityArn, workerName: 'present' }));
    await fixture.client.send(new SendTaskSuccessCommand({ taskToken: task.taskToken!, output: '"shipped"' }));
    expect((await waitForEnd(fixture.client, executionArn!)).status).toBe('SUCCEEDED');
    expect(await startedBy(fixture, executionArn!)).toBe('present');
  });
});

const AWS = '/usr/bin/aws';

/** Runs `aws stepfunctions ...` asynchronously (the server answers from this process). */
function aws(url: string, args: string[]): Promise<Record<string, unknown>> {
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'dummy-secret',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_PAGER: '',
  };
  return new Promise((resolve, reject) => {
    execFile(
      AWS,
      ['stepfunctions', ...args, '--endpoint-url', url, '--output', 'json'],
      { env, timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`aws ${args[0]} failed: ${stderr || error.message}`));
        else resolve(stdout.trim() === '' ? {} : (JSON.parse(stdout) as Record<string, unknown>));
      },
    );
  });
}

describe.skipIf(!existsSync(AWS))('an activity worker on the aws CLI', () => {
  it('gets the task with get-activity-task and answers it with send-task-success', async () => {
    api = await startApiServer();
    const { activityArn, machine } = await setUp(api, 'label');
    const { executionArn } = await api.client.send(
      new StartExecutionCommand({ stateMachineArn: machine, input: '{"parcel":"p-9"}' }),
    );
    const task = await aws(api.url, ['get-activity-task', '--activity-arn', activityArn, '--worker-name', 'cli']);
    expect(JSON.parse(String(task.input))).toEqual({ parcel: 'p-9' });
    await aws(api.url, ['send-task-success', '--task-token', String(task.taskToken), '--task-output', '"labelled"']);
    const ended = await waitForEnd(api.client, executionArn!);
    expect(ended.status).toBe('SUCCEEDED');
    expect(JSON.parse(ended.output!)).toEqual({ parcel: 'p-9', packed: 'labelled' });
    expect(await startedBy(api, executionArn!)).toBe('cli');
  });
});
