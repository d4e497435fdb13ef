import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDefinition, type TaskHandlers } from '../../src/index.js';
import { createEngineFixture, enteredStates, type EngineFixture } from '../../tests/helpers/engine-fixture.js';
import { createHandlers, type Order } from './order-services.js';
import { openParticipantsDb, type ParticipantsDb } from './participants-db.js';

/**
 * The AWS long-lived-transaction sample in its current form (YAML, JSONata, Assign'ed variables,
 * `${...}` placeholders, SNS notifications), run UNCHANGED from ../shared/conformance with local
 * handlers: the Lambda placeholders name this example's handlers, `sns:publish` is a local handler.
 */
const SAMPLE = fileURLToPath(new URL('../../../shared/conformance/aws-samples/llt/', import.meta.url));
const available = existsSync(SAMPLE);
if (!available && process.env.CI === 'true') throw new Error(`CI must run the llt sample, but ${SAMPLE} is absent`);
if (!available) console.warn(`llt JSONata sample tests skipped: ${SAMPLE} is absent`);

const substitutions = {
  NewOrderFunction: 'arn:aws:lambda:us-east-1:123456789012:function:NewOrder',
  DebitPaymentFunction: 'arn:aws:lambda:us-east-1:123456789012:function:DebitPayment',
  ReserveInventoryFunction: 'arn:aws:lambda:us-east-1:123456789012:function:ReserveInventory',
  ReleaseInventoryFunction: 'arn:aws:lambda:us-east-1:123456789012:function:ReleaseInventory',
  CreditPaymentFunction: 'arn:aws:lambda:us-east-1:123456789012:function:CreditPayment',
  UpdateOrderFunction: 'arn:aws:lambda:us-east-1:123456789012:function:UpdateOrder',
  SagaTopic: 'arn:aws:sns:us-east-1:123456789012:saga-topic',
};

const scenarios: [string, string[], 'SUCCEEDED' | 'FAILED'][] = [
  ['scenario-1.json', ['ProcessOrder', 'UpdateOrderStatus', 'OrderFailed'], 'FAILED'],
  ['scenario-2.json', ['ProcessOrder', 'UpdateOrderStatus', 'sns:NotifyUpdateOrderFail', 'OrderFailed'], 'FAILED'],
  [
    'scenario-3.json',
    ['ProcessOrder', 'ProcessPayment', 'ProcessRefund', 'UpdateOrderStatus', 'OrderFailed'],
    'FAILED',
  ],
  [
    'scenario-4.json',
    ['ProcessOrder', 'ProcessPayment', 'ProcessRefund', 'sns:NotifyProcessRefundFail', 'OrderFailed'],
    'FAILED',
  ],
  [
    'scenario-5.json',
    [
      'ProcessOrder',
      'ProcessPayment',
      'ReserveInventory',
      'ReleaseInventory',
      'ProcessRefund',
      'UpdateOrderStatus',
      'OrderFailed',
    ],
    'FAILED',
  ],
  [
    'scenario-6.json',
    [
      'ProcessOrder',
      'ProcessPayment',
      'ReserveInventory',
      'ReleaseInventory',
      'sns:NotifyReleaseInventoryFail',
      'OrderFailed',
    ],
    'FAILED',
  ],
  [
    'scenario-7.json',
    ['ProcessOrder', 'ProcessPayment', 'ReserveInventory', 'sns:NotifySuccess', 'OrderSucceeded'],
    'SUCCEEDED',
  ],
];

let dir: string;
let db: ParticipantsDb;
let fixture: EngineFixture;
let published: { TopicArn: string; Message: string }[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'unwind-llt-jsonata-'));
  db = openParticipantsDb(join(dir, 'participants.db'));
  published = [];
  const handlers: TaskHandlers = {
    ...createHandlers(db),
    'sns:publish': (input: { TopicArn: string; Message: string }) => {
      published.push(input);
      return { MessageId: `m-${published.length}` };
    },
  };
  fixture = await createEngineFixture(handlers, {});
});

afterEach(async () => {
  await fixture.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!available)('the AWS llt sample (YAML, JSONata, variables) runs unchanged', () => {
  it.each(scenarios)('%s follows its expected path', async (file, path, status) => {
    const text = readFileSync(join(SAMPLE, 'llt.asl.yaml'), 'utf8');
    const { definition } = loadDefinition(text, fixture.engine.options.handlers, { format: 'yaml', substitutions });
    const input = JSON.parse(readFileSync(join(SAMPLE, file), 'utf8')) as Order;
    const { record, events } = await fixture.run(definition, input as never);
    expect(enteredStates(events)).toEqual(path);
    expect(record.status).toBe(status);
    const notification = path.find((state) => state.startsWith('sns:'));
    if (notification) {
      expect(published).toHaveLength(1);
      expect(published[0]!.TopicArn).toBe(substitutions.SagaTopic);
      const message = JSON.parse(published[0]!.Message) as { order_id: string; status: string };
      expect(message.order_id).toBe(input.order_id);
    }
  });

  it('keeps the original order in $order, so a compensation receives it without the error', async () => {
    const text = readFileSync(join(SAMPLE, 'llt.asl.yaml'), 'utf8');
    const { definition } = loadDefinition(text, fixture.engine.options.handlers, { format: 'yaml', substitutions });
    const input = JSON.parse(readFileSync(join(SAMPLE, 'scenario-5.json'), 'utf8')) as Order;
    const { events } = await fixture.run(definition, input as never);
    const scheduled = events
      .filter((event) => event.type === 'TaskScheduled')
      .map(
        (event) =>
          JSON.parse((event.taskScheduledEventDetails as { parameters: string }).parameters) as {
            FunctionName: string;
            Payload: Record<string, unknown>;
          },
      );
    const payload = scheduled.find((parameters) => parameters.FunctionName.endsWith(':CreditPayment'))!;
    expect(payload.Payload.order_id).toBe(input.order_id);
    expect(payload.Payload).not.toHaveProperty('error');
    const assigned = events.filter(
      (event) => (event.stateExitedEventDetails as { assignedVariables?: unknown })?.assignedVariables,
    );
    expect(assigned.length).toBeGreaterThan(0);
  });
});
