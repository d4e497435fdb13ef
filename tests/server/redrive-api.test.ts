import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  RedriveExecutionCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';
import { exitCodeFor, EXIT_USAGE } from '../../src/cli/exit-codes.js';
import { ExecutionNotRedrivableError } from '../../src/engine/redrive-execution.js';
import { apiErrorOf } from '../../src/server/api-error-mapping.js';
import { ROLE_ARN, sdkError, startApiServer, waitForEnd, type ApiServerFixture } from './api-server-fixture.js';

let api: ApiServerFixture | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

/** Reserve always works; Charge fails until it is fixed (no Retry). */
const definition = JSON.stringify({
  StartAt: 'Reserve',
  States: {
    Reserve: { Type: 'Task', Resource: 'Reserve', ResultPath: '$.reservation', Next: 'Charge' },
    Charge: { Type: 'Task', Resource: 'Charge', ResultPath: '$.charge', End: true },
  },
});

describe('RedriveExecution through the SDK', () => {
  it('redrives a failed execution once its handler is fixed, and shows the redrive members', async () => {
    let broken = true;
    const calls: string[] = [];
    api = await startApiServer({
      Reserve: () => {
        calls.push('Reserve');
        return 'r-1';
      },
      Charge: () => {
        calls.push('Charge');
        if (broken) throw Object.assign(new Error('the payment service is down'), { name: 'ServiceDown' });
        return 'paid';
      },
    });
    const sfn = api.client;
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({ name: 'orders', definition, roleArn: ROLE_ARN }),
    );
    const start = async (name: string): Promise<string> =>
      (await sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: '{"n":1}' }))).executionArn!;
    const executionArn = await start('redriven');
    const failed = await waitForEnd(sfn, executionArn);
    expect(failed).toMatchObject({ status: 'FAILED', error: 'ServiceDown', redriveCount: 0 });
    expect(failed.redriveStatus).toBe('REDRIVABLE');
    expect(failed.redriveStatusReason).toBeUndefined();
    expect(failed.redriveDate).toBeUndefined();

    broken = false;
    const { redriveDate } = await sfn.send(new RedriveExecutionCommand({ executionArn }));
    expect(redriveDate).toBeInstanceOf(Date);
    const ended = await waitForEnd(sfn, executionArn);
    expect(ended.status).toBe('SUCCEEDED');
    expect(JSON.parse(ended.output!)).toEqual({ n: 1, reservation: 'r-1', charge: 'paid' });
    // Reserve succeeded before the failure and is not run again.
    expect(calls).toEqual(['Reserve', 'Charge', 'Charge']);
    expect(ended.redriveCount).toBe(1);
    expect(ended.redriveDate?.getTime()).toBe(redriveDate!.getTime());
    expect(ended.redriveStatus).toBe('NOT_REDRIVABLE');
    expect(ended.redriveStatusReason).toBe('Execution is SUCCEEDED and cannot be redriven');
    const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(history.events?.filter((event) => event.type === 'ExecutionRedriven')).toHaveLength(1);

    const again = await sdkError(sfn.send(new RedriveExecutionCommand({ executionArn })));
    expect(again.name).toBe('ExecutionNotRedrivable');
    expect(again.message).toContain('Execution is SUCCEEDED and cannot be redriven');

    // ListExecutions carries redriveCount and redriveDate, and honours redriveFilter.
    const other = await start('first-time');
    await waitForEnd(sfn, other);
    const listed = await sfn.send(new ListExecutionsCommand({ stateMachineArn }));
    const byName = new Map(listed.executions?.map((item) => [item.name, item]));
    expect(byName.get('redriven')).toMatchObject({ redriveCount: 1, redriveDate });
    expect(byName.get('first-time')).toMatchObject({ redriveCount: 0 });
    expect(byName.get('first-time')?.redriveDate).toBeUndefined();
    const names = async (redriveFilter: 'REDRIVEN' | 'NOT_REDRIVEN'): Promise<string[]> =>
      ((await sfn.send(new ListExecutionsCommand({ stateMachineArn, redriveFilter }))).executions ?? []).map(
        (item) => item.name!,
      );
    expect(await names('REDRIVEN')).toEqual(['redriven']);
    expect(await names('NOT_REDRIVEN')).toEqual(['first-time']);
  });

  it('describes a running execution as NOT_REDRIVABLE', async () => {
    api = await startApiServer();
    const parked = JSON.stringify({ StartAt: 'Park', States: { Park: { Type: 'Wait', Seconds: 3600, End: true } } });
    const { stateMachineArn } = await api.client.send(
      new CreateStateMachineCommand({ name: 'parked', definition: parked, roleArn: ROLE_ARN }),
    );
    const { executionArn } = await api.client.send(new StartExecutionCommand({ stateMachineArn }));
    const described = await api.client.send(new DescribeExecutionCommand({ executionArn }));
    expect(described).toMatchObject({
      status: 'RUNNING',
      redriveCount: 0,
      redriveStatus: 'NOT_REDRIVABLE',
      redriveStatusReason: 'Execution is RUNNING and cannot be redriven',
    });
    const refused = await sdkError(api.client.send(new RedriveExecutionCommand({ executionArn })));
    expect(refused.name).toBe('ExecutionNotRedrivable');
  });

  it('maps ExecutionNotRedrivable to the API error and a usage exit code', () => {
    const error = new ExecutionNotRedrivableError('arn:x', 'Execution is SUCCEEDED and cannot be redriven');
    expect(error.code).toBe('ExecutionNotRedrivable');
    expect(apiErrorOf(error)).toMatchObject({ type: 'ExecutionNotRedrivable', status: 400 });
    expect(exitCodeFor('ExecutionNotRedrivable')).toBe(EXIT_USAGE);
  });
});
