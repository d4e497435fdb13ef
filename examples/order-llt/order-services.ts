import { randomUUID } from 'node:crypto';
import type { TaskContext, TaskHandlers } from '../../src/index.js';
import type { ParticipantsDb } from './participants-db.js';

export interface OrderItem {
  item_id: string;
  qty: number;
  description?: string;
  unit_price: number;
}

export interface Order {
  order_id: string;
  order_date: string;
  customer_id: string;
  items: OrderItem[];
  /** Demo switch: the payment service times out this many times (after debiting) before it answers. */
  transient_failures?: number;
}

/** Each named error becomes the ASL error name of the failed task. */
export class ErrInvalidOrder extends Error {
  override name = 'ErrInvalidOrder';
}
export class ErrProcessOrder extends Error {
  override name = 'ErrProcessOrder';
}
export class ErrUpdateOrderStatus extends Error {
  override name = 'ErrUpdateOrderStatus';
}
export class ErrProcessPayment extends Error {
  override name = 'ErrProcessPayment';
}
export class ErrProcessRefund extends Error {
  override name = 'ErrProcessRefund';
}
export class ErrReserveInventory extends Error {
  override name = 'ErrReserveInventory';
}
export class ErrReleaseInventory extends Error {
  override name = 'ErrReleaseInventory';
}
/** Transient: the debit went through but its answer was lost. The Retry policy handles it. */
export class ErrPaymentGatewayTimeout extends Error {
  override name = 'ErrPaymentGatewayTimeout';
}

/** The sample's failure injection: the first characters of `order_id` pick the function that raises. */
const fails = (order: Order, prefix: string): boolean => order.order_id.startsWith(prefix);

export function parseOrder(input: unknown): Order {
  const order = input as Partial<Order> | null;
  if (typeof order?.order_id !== 'string' || order.order_id === '') throw new ErrInvalidOrder('order_id is missing');
  if (!Array.isArray(order.items)) throw new ErrInvalidOrder(`order ${order.order_id} has no items array`);
  return order as Order;
}

export function orderTotalCents(items: readonly OrderItem[]): number {
  return items.reduce((sum, item) => sum + Math.round(item.qty * item.unit_price * 100), 0);
}

/** The order service: stores the order (status `new`) and, as a compensation, marks it `failed`. */
function orderService(db: ParticipantsDb) {
  const insert = db.prepare(
    `INSERT OR IGNORE INTO orders (order_id, customer_id, order_date, total_cents, status) VALUES (?, ?, ?, ?, 'new')`,
  );
  const markFailed = db.prepare(`UPDATE orders SET status = 'failed' WHERE order_id = ?`);
  return {
    NewOrder(input: unknown) {
      const order = parseOrder(input);
      const total = orderTotalCents(order.items);
      insert.run(order.order_id, order.customer_id ?? '', order.order_date ?? '', total);
      if (fails(order, '1')) throw new ErrProcessOrder(`order ${order.order_id} could not be processed`);
      return { ...order, order_status: 'new', total_cents: total };
    },
    UpdateOrder(input: unknown) {
      const order = parseOrder(input);
      if (fails(order, '11')) throw new ErrUpdateOrderStatus(`order ${order.order_id} status could not be updated`);
      const { changes } = markFailed.run(order.order_id);
      return { ...order, status: changes > 0 ? 'failed' : 'not_found' };
    },
  };
}

/** The payment service: debits the order total once per order and, as a compensation, refunds it. */
function paymentService(db: ParticipantsDb) {
  const insert = db.prepare(
    `INSERT OR IGNORE INTO order_payments (payment_id, order_id, amount_cents, status) VALUES (?, ?, ?, 'debited')`,
  );
  const byOrder = db.prepare<[string], { payment_id: string; amount_cents: number; status: string }>(
    'SELECT payment_id, amount_cents, status FROM order_payments WHERE order_id = ?',
  );
  const refund = db.prepare(`UPDATE order_payments SET status = 'refunded' WHERE order_id = ? AND status = 'debited'`);
  return {
    DebitPayment(input: unknown, ctx: TaskContext) {
      const order = parseOrder(input);
      // The order id is the business key: a retried or re-invoked debit finds the first one.
      insert.run(randomUUID(), order.order_id, orderTotalCents(order.items));
      const payment = byOrder.get(order.order_id)!;
      if (fails(order, '2')) throw new ErrProcessPayment(`payment for order ${order.order_id} failed`);
      if (ctx.attempt <= (order.transient_failures ?? 0)) {
        throw new ErrPaymentGatewayTimeout(`payment gateway timed out (attempt ${ctx.attempt})`);
      }
      return { ...order, payment };
    },
    CreditPayment(input: unknown) {
      const order = parseOrder(input);
      if (fails(order, '22')) throw new ErrProcessRefund(`refund for order ${order.order_id} failed`);
      refund.run(order.order_id);
      return {
        ...order,
        status: byOrder.get(order.order_id)?.status === 'refunded' ? 'refunded' : 'nothing_to_refund',
      };
    },
  };
}

/** The inventory service: reserves every item of the order and, as a compensation, releases them. */
function inventoryService(db: ParticipantsDb) {
  const insert = db.prepare(
    `INSERT OR IGNORE INTO inventory_reservations (order_id, item_id, qty, status) VALUES (?, ?, ?, 'reserved')`,
  );
  const reserveAll = db.transaction((order: Order) => {
    for (const item of order.items) insert.run(order.order_id, item.item_id, item.qty);
  });
  const release = db.prepare(
    `UPDATE inventory_reservations SET status = 'released' WHERE order_id = ? AND status = 'reserved'`,
  );
  return {
    ReserveInventory(input: unknown) {
      const order = parseOrder(input);
      reserveAll(order);
      if (fails(order, '3')) throw new ErrReserveInventory(`inventory for order ${order.order_id} is unavailable`);
      return { ...order, inventory: { status: 'reserved', items: order.items.length } };
    },
    ReleaseInventory(input: unknown) {
      const order = parseOrder(input);
      if (fails(order, '33')) throw new ErrReleaseInventory(`inventory of order ${order.order_id} was not released`);
      const { changes } = release.run(order.order_id);
      return { ...order, status: 'released', released_items: changes };
    },
  };
}

/**
 * Like the AWS sample's Lambdas, every function returns the order (compensations add a `status`),
 * so the JSONata form of the saga can keep passing it along in `$order`.
 *
 * The six Lambda-style functions of the order saga, each persisting to its participant's table.
 * A forced failure of a forward step happens after its local write commits (the worst case: the
 * work was done but the orchestrator only sees an error), which is why each Catch also sends the
 * failing step to its own compensation. A forced failure of a compensation happens before its write.
 */
export function createHandlers(db: ParticipantsDb): TaskHandlers {
  return { ...orderService(db), ...paymentService(db), ...inventoryService(db) };
}
