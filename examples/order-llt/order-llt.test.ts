import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../src/core/interpreter/history-event.js';
import { loadDefinition, type LoadedDefinition, type TaskContext, type TaskHandlers } from '../../src/index.js';
import { createEngineFixture, enteredStates, type EngineFixture } from '../../tests/helpers/engine-fixture.js';
import { createHandlers, type Order } from './order-services.js';
import { openParticipantsDb, type ParticipantsDb } from './participants-db.js';

const here = dirname(fileURLToPath(import.meta.url));
const readInput = (file: string): Order => JSON.parse(readFileSync(join(here, 'inputs', file), 'utf8')) as Order;

let dir: string;
let db: ParticipantsDb;
let handlers: TaskHandlers;
let fixture: EngineFixture;
let loaded: LoadedDefinition;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'unwind-order-llt-'));
  db = openParticipantsDb(join(dir, 'participants.db'));
  handlers = createHandlers(db);
  loaded = loadDefinition(readFileSync(join(here, 'order-llt.asl.json'), 'utf8'), handlers);
  fixture = await createEngineFixture(handlers);
});

afterEach(async () => {
  await fixture.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Each task invocation as `State:ok` or `State:ErrorName`, in history order. */
function taskOutcomes(events: HistoryEvent[]): string[] {
  let state = '';
  const outcomes: string[] = [];
  for (const event of events) {
    if (event.type.endsWith('StateEntered')) state = (event.stateEnteredEventDetails as { name: string }).name;
    if (event.type === 'TaskSucceeded' || event.type === 'LambdaFunctionSucceeded') outcomes.push(`${state}:ok`);
    const failure = (event.taskFailedEventDetails ?? event.lambdaFunctionFailedEventDetails) as
      { error: string } | undefined;
    if (failure) outcomes.push(`${state}:${failure.error}`);
  }
  return outcomes;
}

function participantRows(orderId: string) {
  return {
    order: db.prepare('SELECT status, total_cents FROM orders WHERE order_id = ?').get(orderId),
    payments: db.prepare('SELECT status, amount_cents FROM order_payments WHERE order_id = ?').all(orderId),
    inventory: db
      .prepare('SELECT item_id, status FROM inventory_reservations WHERE order_id = ? ORDER BY item_id')
      .all(orderId),
  };
}

const run = (input: Order) => fixture.run(loaded.definition, input as never);

interface Scenario {
  file: string;
  path: string[];
  outcomes: string[];
  order: 'new' | 'failed';
  payment: 'debited' | 'refunded' | null;
  inventory: 'reserved' | 'released' | null;
}

const P = ['ProcessOrder', 'ProcessPayment', 'ReserveInventory'];
const scenarios: Scenario[] = [
  {
    file: '1-process-order-fails.json',
    path: ['ProcessOrder', 'UpdateOrderStatus', 'OrderFailed'],
    outcomes: ['ProcessOrder:ErrProcessOrder', 'UpdateOrderStatus:ok'],
    order: 'failed',
    payment: null,
    inventory: null,
  },
  {
    file: '11-update-order-fails.json',
    path: ['ProcessOrder', 'UpdateOrderStatus', 'NotifyUpdateOrderFail', 'OrderFailed'],
    outcomes: ['ProcessOrder:ErrProcessOrder', 'UpdateOrderStatus:ErrUpdateOrderStatus'],
    order: 'new',
    payment: null,
    inventory: null,
  },
  {
    file: '2-payment-fails.json',
    path: ['ProcessOrder', 'ProcessPayment', 'ProcessRefund', 'UpdateOrderStatus', 'OrderFailed'],
    outcomes: ['ProcessOrder:ok', 'ProcessPayment:ErrProcessPayment', 'ProcessRefund:ok', 'UpdateOrderStatus:ok'],
    order: 'failed',
    payment: 'refunded',
    inventory: null,
  },
  {
    file: '22-refund-fails.json',
    path: ['ProcessOrder', 'ProcessPayment', 'ProcessRefund', 'NotifyProcessRefundFail', 'OrderFailed'],
    outcomes: ['ProcessOrder:ok', 'ProcessPayment:ErrProcessPayment', 'ProcessRefund:ErrProcessRefund'],
    order: 'new',
    payment: 'debited',
    inventory: null,
  },
  {
    file: '3-inventory-fails.json',
    path: [...P, 'ReleaseInventory', 'ProcessRefund', 'UpdateOrderStatus', 'OrderFailed'],
    outcomes: [
      'ProcessOrder:ok',
      'ProcessPayment:ok',
      'ReserveInventory:ErrReserveInventory',
      'ReleaseInventory:ok',
      'ProcessRefund:ok',
      'UpdateOrderStatus:ok',
    ],
    order: 'failed',
    payment: 'refunded',
    inventory: 'released',
  },
  {
    file: '33-release-fails.json',
    path: [...P, 'ReleaseInventory', 'NotifyReleaseInventoryFail', 'OrderFailed'],
    outcomes: [
      'ProcessOrder:ok',
      'ProcessPayment:ok',
      'ReserveInventory:ErrReserveInventory',
      'ReleaseInventory:ErrReleaseInventory',
    ],
    order: 'new',
    payment: 'debited',
    inventory: 'reserved',
  },
  {
    file: '4-success.json',
    path: [...P, 'NotifySuccess', 'OrderSucceeded'],
    outcomes: ['ProcessOrder:ok', 'ProcessPayment:ok', 'ReserveInventory:ok'],
    order: 'new',
    payment: 'debited',
    inventory: 'reserved',
  },
];

describe('order-llt: the seven scenarios of the long-lived-transaction sample', () => {
  it('has one scenario per sample input', () => {
    const files = readdirSync(join(here, 'inputs')).filter((file) => file !== 'transient-payment.json');
    expect(files.sort()).toEqual(scenarios.map((scenario) => scenario.file).sort());
  });

  it.each(scenarios)('$file', async (scenario) => {
    const input = readInput(scenario.file);
    const { record, events, output } = await run(input);

    expect(enteredStates(events)).toEqual(scenario.path);
    expect(taskOutcomes(events)).toEqual(scenario.outcomes);
    const succeeded = scenario.path.at(-1) === 'OrderSucceeded';
    expect(record.status).toBe(succeeded ? 'SUCCEEDED' : 'FAILED');
    if (!succeeded) expect(record.error).toBe('OrderFailed');
    if (succeeded) expect(output).toMatchObject({ order_id: input.order_id, notification: { status: 'success' } });

    const rows = participantRows(input.order_id);
    expect(rows.order).toEqual({ status: scenario.order, total_cents: totalCents(input) });
    expect(rows.payments).toEqual(
      scenario.payment ? [{ status: scenario.payment, amount_cents: totalCents(input) }] : [],
    );
    const items = input.items.map((item) => item.item_id).sort();
    expect(rows.inventory).toEqual(
      scenario.inventory ? items.map((item_id) => ({ item_id, status: scenario.inventory })) : [],
    );
  });
});

function totalCents(order: Order): number {
  return order.items.reduce((sum, item) => sum + Math.round(item.qty * item.unit_price * 100), 0);
}

describe('order-llt: transient payment failures', () => {
  it('retries a gateway timeout twice with back-off, then succeeds with exactly one payment', async () => {
    const input = readInput('transient-payment.json');
    expect(input.transient_failures).toBe(2);
    const { record, events } = await run(input);

    expect(record.status).toBe('SUCCEEDED');
    expect(enteredStates(events)).toEqual([...P, 'NotifySuccess', 'OrderSucceeded']);
    expect(taskOutcomes(events)).toEqual([
      'ProcessOrder:ok',
      'ProcessPayment:ErrPaymentGatewayTimeout',
      'ProcessPayment:ErrPaymentGatewayTimeout',
      'ProcessPayment:ok',
      'ReserveInventory:ok',
    ]);
    const scheduled = events.filter((event) => event.type === 'TaskScheduled').map((event) => event.timestamp);
    expect([scheduled[2]! - scheduled[1]!, scheduled[3]! - scheduled[2]!]).toEqual([2000, 4000]);
    expect(participantRows(input.order_id).payments).toEqual([{ status: 'debited', amount_cents: 1800 }]);
  });

  it('compensates when the retries run out: the debit that did go through is refunded', async () => {
    const input = { ...readInput('transient-payment.json'), transient_failures: 4 };
    const { record, events } = await run(input);

    expect(record.status).toBe('FAILED');
    expect(enteredStates(events)).toEqual([
      'ProcessOrder',
      'ProcessPayment',
      'ProcessRefund',
      'UpdateOrderStatus',
      'OrderFailed',
    ]);
    expect(taskOutcomes(events).filter((outcome) => outcome.startsWith('ProcessPayment'))).toHaveLength(4);
    expect(participantRows(input.order_id)).toMatchObject({
      order: { status: 'failed' },
      payments: [{ status: 'refunded', amount_cents: 1800 }],
      inventory: [],
    });
  });
});

describe('order-llt: participants are idempotent', () => {
  const ctx = { attempt: 1, idempotencyKey: 'k' } as TaskContext;
  const call = (name: string, input: unknown) => handlers[name]!(input, ctx);

  it('a re-invoked forward step does not write twice', () => {
    const order = readInput('4-success.json');
    for (let i = 0; i < 2; i++) for (const name of ['NewOrder', 'DebitPayment', 'ReserveInventory']) call(name, order);
    const rows = participantRows(order.order_id);
    expect(rows.payments).toHaveLength(1);
    expect(rows.inventory).toHaveLength(order.items.length);
  });

  it('a re-invoked compensation leaves the same result', () => {
    const order = readInput('4-success.json');
    for (const name of ['NewOrder', 'DebitPayment', 'ReserveInventory']) call(name, order);
    const compensate = () => ['ReleaseInventory', 'CreditPayment', 'UpdateOrder'].map((name) => call(name, order));
    expect(compensate()).toEqual([
      { ...order, status: 'released', released_items: 2 },
      { ...order, status: 'refunded' },
      { ...order, status: 'failed' },
    ]);
    const first = participantRows(order.order_id);
    expect(compensate()).toEqual([
      { ...order, status: 'released', released_items: 0 },
      { ...order, status: 'refunded' },
      { ...order, status: 'failed' },
    ]);
    expect(participantRows(order.order_id)).toEqual(first);
  });

  it('rejects an order without an id before writing anything', () => {
    expect(() => call('NewOrder', { items: [] })).toThrow(expect.objectContaining({ name: 'ErrInvalidOrder' }));
    expect(db.prepare('SELECT COUNT(*) AS n FROM orders').get()).toEqual({ n: 0 });
  });
});
