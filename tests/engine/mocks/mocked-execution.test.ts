import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StateMachineDefinition } from '../../../src/core/definition/asl-types.js';
import type { HistoryEvent } from '../../../src/core/interpreter/history-event.js';
import type { Json } from '../../../src/core/json.js';
import { Engine } from '../../../src/engine/engine.js';
import type { MockConfig } from '../../../src/engine/mocks/mock-config.js';
import { mockConfigFromText } from '../../../src/engine/mocks/parse-mock-config.js';
import type { TaskHandlers } from '../../../src/engine/task-handler.js';
import { openSqliteStore } from '../../../src/sqlite/sqlite-store.js';
import type { ExecutionRecord } from '../../../src/store/store-port.js';
import { createEngineFixture, enteredStates, eventTypes, type EngineFixture } from '../../helpers/engine-fixture.js';

const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function';

/**
 * An order saga: pay (optimized lambda:invoke with ResultSelector), reserve stock (a plain Lambda
 * ARN), poll the shipment (an aws-sdk task, looping through a Wait), then notify through SQS and wait
 * for the callback. Any payment error is caught and refunded. DynamoDB and SQS have no handler: only
 * mocks can run them.
 */
const orderSaga: StateMachineDefinition = {
  StartAt: 'ProcessPayment',
  States: {
    ProcessPayment: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: `${LAMBDA}:ProcessPayment`, 'Payload.$': '$' },
      ResultSelector: { 'paymentId.$': '$.Payload.paymentId', 'statusCode.$': '$.StatusCode' },
      ResultPath: '$.payment',
      Retry: [{ ErrorEquals: ['Lambda.ServiceException'], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 1 }],
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'RefundPayment' }],
      Next: 'ReserveInventory',
    },
    ReserveInventory: {
      Type: 'Task',
      Resource: `${LAMBDA}:ReserveInventory`,
      ResultPath: '$.inventory',
      Next: 'CheckShipment',
    },
    CheckShipment: {
      Type: 'Task',
      Resource: 'arn:aws:states:::aws-sdk:dynamodb:getItem',
      Parameters: { TableName: 'shipments', Key: { 'orderId.$': '$.orderId' } },
      ResultPath: '$.shipment',
      Next: 'IsShipped',
    },
    IsShipped: {
      Type: 'Choice',
      Choices: [{ Variable: '$.shipment.status', StringEquals: 'SHIPPED', Next: 'NotifyCustomer' }],
      Default: 'WaitForShipment',
    },
    WaitForShipment: { Type: 'Wait', Seconds: 60, Next: 'CheckShipment' },
    NotifyCustomer: {
      Type: 'Task',
      Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
      Parameters: {
        QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/notify',
        'MessageBody.$': '$$.Task.Token',
      },
      ResultPath: '$.notification',
      End: true,
    },
    RefundPayment: { Type: 'Task', Resource: `${LAMBDA}:RefundPayment`, ResultPath: '$.refund', Next: 'OrderFailed' },
    OrderFailed: { Type: 'Fail', Error: 'OrderFailed', Cause: 'the payment failed' },
  },
};

const mockConfig: MockConfig = mockConfigFromText(
  JSON.stringify({
    StateMachines: {
      OrderSaga: {
        TestCases: {
          HappyPath: { ProcessPayment: 'PaymentOk', CheckShipment: 'Shipped', NotifyCustomer: 'Notified' },
          RetryPath: { ProcessPayment: 'PaymentRetry', CheckShipment: 'Shipped', NotifyCustomer: 'Notified' },
          DeclinedPath: { ProcessPayment: 'PaymentDeclined', CheckShipment: 'Shipped', NotifyCustomer: 'Notified' },
          ExhaustedPath: { ProcessPayment: 'PaymentFlakyOnce', CheckShipment: 'Shipped', NotifyCustomer: 'Notified' },
          SlowShipping: {
            ProcessPayment: 'PaymentOk',
            CheckShipment: 'PendingThenShipped',
            NotifyCustomer: 'Notified',
          },
          NotifyRefused: { ProcessPayment: 'PaymentOk', CheckShipment: 'Shipped', NotifyCustomer: 'NotifyFails' },
          RealNotify: { ProcessPayment: 'PaymentOk', CheckShipment: 'Shipped' },
        },
      },
    },
    MockedResponses: {
      PaymentOk: { '0': { Return: { StatusCode: 200, Payload: { paymentId: 'pay-1' } } } },
      PaymentRetry: {
        '0': { Throw: { Error: 'Lambda.ServiceException', Cause: 'try again' } },
        '1': { Return: { StatusCode: 200, Payload: { paymentId: 'pay-2' } } },
      },
      PaymentDeclined: { '0': { Throw: { Error: 'PaymentDeclined', Cause: 'card expired' } } },
      PaymentFlakyOnce: { '0': { Throw: { Error: 'Lambda.ServiceException', Cause: 'try again' } } },
      Shipped: { '0': { Return: { status: 'SHIPPED', carrier: 'ups' } } },
      PendingThenShipped: {
        '0': { Return: { status: 'PENDING' } },
        '1': { Return: { status: 'SHIPPED', carrier: 'dhl' } },
      },
      Notified: { '0': { Return: { MessageId: 'msg-1' } } },
      NotifyFails: { '0': { Throw: { Error: 'SQS.QueueDoesNotExist', Cause: 'no queue' } } },
    },
  }),
  'of the test',
);

interface Calls {
  ProcessPayment: Json[];
  ReserveInventory: Json[];
  RefundPayment: Json[];
}

function countingHandlers(): { handlers: TaskHandlers; calls: Calls } {
  const calls: Calls = { ProcessPayment: [], ReserveInventory: [], RefundPayment: [] };
  const handlers: TaskHandlers = {
    ProcessPayment: (input: Json) => {
      calls.ProcessPayment.push(input);
      return { paymentId: 'real' };
    },
    ReserveInventory: (input: Json) => {
      calls.ReserveInventory.push(input);
      return { reserved: true };
    },
    RefundPayment: (input: Json) => {
      calls.RefundPayment.push(input);
      return { refunded: true };
    },
  };
  return { handlers, calls };
}

let fixture: EngineFixture | undefined;
let calls: Calls;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

async function setUp(options: { mockConfig?: MockConfig } = { mockConfig }): Promise<EngineFixture> {
  const counting = countingHandlers();
  calls = counting.calls;
  fixture = await createEngineFixture(counting.handlers, options);
  return fixture;
}

function startOrder(engine: Engine, testCase: string | undefined, name?: string): Promise<string> {
  return engine.startExecution({
    definition: orderSaga,
    definitionText: JSON.stringify(orderSaga),
    stateMachineName: 'OrderSaga',
    input: { orderId: 'o-1' },
    ...(name ? { name } : {}),
    ...(testCase === undefined ? {} : { mockTestCase: testCase }),
  });
}

function outputOf(record: ExecutionRecord): Record<string, Json> {
  return JSON.parse(record.output!) as Record<string, Json>;
}

/** How many times a state was scheduled (each invocation, retries included). */
function invocationsOf(events: HistoryEvent[], stateName: string): number {
  let current = '';
  let count = 0;
  for (const event of events) {
    if (event.type.endsWith('StateEntered')) current = (event.stateEnteredEventDetails as { name: string }).name;
    if (event.type.endsWith('Scheduled') && current === stateName) count++;
  }
  return count;
}

describe('executions on a mock test case', () => {
  it('happy path: mocked results flow through ResultSelector and ResultPath; unlisted states run for real', async () => {
    const { engine } = await setUp();
    const { record, events } = await fixture!.finish(await startOrder(engine, 'HappyPath'));
    expect(record.status).toBe('SUCCEEDED');
    expect(outputOf(record)).toEqual({
      orderId: 'o-1',
      payment: { paymentId: 'pay-1', statusCode: 200 },
      inventory: { reserved: true },
      shipment: { status: 'SHIPPED', carrier: 'ups' },
      notification: { MessageId: 'msg-1' },
    });
    expect(calls.ProcessPayment).toEqual([]);
    expect(calls.ReserveInventory).toHaveLength(1);
    // The mocked callback task completes with its Return at once: nothing was submitted, no token awaited.
    expect(eventTypes(events)).not.toContain('TaskSubmitted');
    expect(eventTypes(events).slice(-4)).toEqual([
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('retry path: a mocked Throw at invocation 0 is retried and invocation 1 returns, without calling the handler', async () => {
    const { engine } = await setUp();
    const { record, events } = await fixture!.finish(await startOrder(engine, 'RetryPath'));
    expect(record.status).toBe('SUCCEEDED');
    expect(outputOf(record).payment).toEqual({ paymentId: 'pay-2', statusCode: 200 });
    expect(calls.ProcessPayment).toEqual([]);
    expect(calls.RefundPayment).toEqual([]);
    expect(invocationsOf(events, 'ProcessPayment')).toBe(2);
    const failed = events.find((event) => event.type === 'TaskFailed');
    expect(failed?.taskFailedEventDetails).toMatchObject({ error: 'Lambda.ServiceException', cause: 'try again' });
  });

  it('catch path: a mocked Throw is caught and the real compensation runs', async () => {
    const { engine } = await setUp();
    const { record, events } = await fixture!.finish(await startOrder(engine, 'DeclinedPath'));
    expect(record.status).toBe('FAILED');
    expect(record.error).toBe('OrderFailed');
    expect(calls.ProcessPayment).toEqual([]);
    expect(calls.RefundPayment).toEqual([
      { orderId: 'o-1', error: { Error: 'PaymentDeclined', Cause: 'card expired' } },
    ]);
    expect(enteredStates(events)).toEqual(['ProcessPayment', 'RefundPayment', 'OrderFailed']);
  });

  it('an invocation without a mocked response fails the execution with States.Runtime, which Catch does not take', async () => {
    const { engine } = await setUp();
    const { record, events } = await fixture!.finish(await startOrder(engine, 'ExhaustedPath'));
    expect(record.status).toBe('FAILED');
    expect(record.error).toBe('States.Runtime');
    expect(record.cause).toContain('has no entry for invocation 1');
    expect(invocationsOf(events, 'ProcessPayment')).toBe(2);
    expect(calls.ProcessPayment).toEqual([]);
    expect(calls.RefundPayment).toEqual([]);
  });

  it('a mocked Throw on a .waitForTaskToken task fails it without waiting for a token', async () => {
    const { engine } = await setUp();
    const { record, events } = await fixture!.finish(await startOrder(engine, 'NotifyRefused'));
    expect(record.status).toBe('FAILED');
    expect(record.error).toBe('SQS.QueueDoesNotExist');
    expect(eventTypes(events)).not.toContain('TaskSubmitted');
  });

  it('runs two executions of different test cases at once, each with its own mocks', async () => {
    const { engine, store } = await setUp();
    const [happy, declined] = await Promise.all([
      startOrder(engine, 'HappyPath', 'happy'),
      startOrder(engine, 'DeclinedPath', 'declined'),
    ]);
    const [happyResult, declinedResult] = await Promise.all([fixture!.finish(happy), fixture!.finish(declined)]);
    expect(happyResult.record.status).toBe('SUCCEEDED');
    expect(outputOf(happyResult.record).payment).toEqual({ paymentId: 'pay-1', statusCode: 200 });
    expect(declinedResult.record.status).toBe('FAILED');
    expect(declinedResult.record.error).toBe('OrderFailed');
    expect(calls.ProcessPayment).toEqual([]);
    expect(calls.RefundPayment).toHaveLength(1);
    expect((await store.listExecutions({})).map((execution) => execution.name).sort()).toEqual(['declined', 'happy']);
  });

  it('keeps mocking after a restart, with the invocation index counted from the durable history', async () => {
    const { engine, dir, clock, store } = await setUp();
    const arn = await startOrder(engine, 'SlowShipping');
    await engine.drain();
    // The first CheckShipment (invocation 0) said PENDING: the execution now waits 60 s.
    expect(invocationsOf(await store.getHistory(arn), 'CheckShipment')).toBe(1);
    expect(eventTypes(await store.getHistory(arn)).at(-1)).toBe('WaitStateEntered');
    await engine.stop();

    const reopened = openSqliteStore({ file: join(dir, 'unwind.db') });
    const restarted = new Engine({ store: reopened, handlers: engine.options.handlers, clock, mockConfig });
    await restarted.start();
    try {
      let record = await reopened.getExecution(arn);
      for (let step = 0; step < 200 && record?.status === 'RUNNING'; step++) {
        clock.advance(1000);
        await restarted.drain();
        record = await reopened.getExecution(arn);
      }
      expect(record?.status).toBe('SUCCEEDED');
      expect(outputOf(record!).shipment).toEqual({ status: 'SHIPPED', carrier: 'dhl' });
      expect(invocationsOf(await reopened.getHistory(arn), 'CheckShipment')).toBe(2);
      expect(calls.ProcessPayment).toEqual([]);
    } finally {
      await restarted.stop();
      await reopened.close();
    }
  });

  it('an engine without the test case state mocked needs its handler; a test case mocking it does not', async () => {
    const { engine, store } = await setUp();
    await expect(startOrder(engine, 'RealNotify')).rejects.toMatchObject({
      code: 'InvalidDefinition',
      message: expect.stringContaining('$.States.NotifyCustomer.Resource'),
    });
    await expect(startOrder(engine, undefined)).rejects.toMatchObject({ code: 'InvalidDefinition' });
    expect(await store.listExecutions({})).toEqual([]);
    // A mocked start after the failed unmocked ones still works (and does not vouch for unmocked starts).
    expect((await fixture!.finish(await startOrder(engine, 'HappyPath'))).record.status).toBe('SUCCEEDED');
    await expect(startOrder(engine, undefined, 'unmocked')).rejects.toMatchObject({ code: 'InvalidDefinition' });
  });

  it('rejects an unknown test case, or any test case without a mock config, before committing anything', async () => {
    const { engine, store } = await setUp();
    await expect(startOrder(engine, 'NoSuchCase')).rejects.toMatchObject({
      code: 'UsageError',
      message: expect.stringContaining("no test case 'NoSuchCase' for state machine 'OrderSaga'"),
    });
    expect(await store.listExecutions({})).toEqual([]);
    await fixture!.close();

    const { engine: unmocked, store: plainStore } = await setUp({});
    await expect(startOrder(unmocked, 'HappyPath')).rejects.toMatchObject({
      code: 'UsageError',
      message: expect.stringContaining('no mock config is loaded'),
    });
    expect(await plainStore.listExecutions({})).toEqual([]);
  });
});
