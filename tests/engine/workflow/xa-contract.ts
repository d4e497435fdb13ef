import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.js';
import { BusinessError } from '../../../src/engine/workflow/business-error.js';
import { xaTransactionId, type XaResource } from '../../../src/engine/workflow/xa-resource.js';
import { WorkflowWorld, detailsOf, typesOf } from './workflow-world.js';

/** A database under test: its XA resource and a table to write orders to. */
export interface XaDatabase<C> {
  resource: XaResource<C>;
  /** Inserts an order row through the branch's connection (inside the XA transaction). */
  insertOrder(connection: C, table: string, id: string): Promise<void>;
  createTable(table: string): Promise<void>;
  /** Committed rows, read from another connection. */
  countOrders(table: string): Promise<number>;
  /** Rolls back what a failed test left prepared, drops the table, closes the pools. */
  cleanup(table: string, xidPrefix: string): Promise<void>;
}

/** XA branches on a real database: commit, rollback, and a prepared branch finished after a restart. */
export function runXaContract<C>(open: () => Promise<XaDatabase<C>>): void {
  let db: XaDatabase<C>;
  let world: WorkflowWorld;
  let table: string;
  let prefix: string;

  beforeEach(async () => {
    db = await open();
    table = `xa_orders_${randomBytes(4).toString('hex')}`;
    prefix = `xa${randomBytes(3).toString('hex')}`;
    await db.createTable(table);
    world = new WorkflowWorld('sqlite');
  });

  afterEach(async () => {
    await world.close();
    await db.cleanup(table, prefix);
  });

  const register = (engine: Engine): void => {
    engine.registerWorkflow('order', async (wf, input: { fail?: boolean; wait?: boolean }) => {
      const id = await wf.xa('create-order', {
        resource: db.resource,
        run: async (connection, ctx) => {
          await db.insertOrder(connection, table, ctx.gid);
          return ctx.gid;
        },
      });
      if (input.wait) {
        const decision = await wf.waitForSignal<{ commit: boolean }>('decision');
        if (!decision?.commit) throw new BusinessError('order rejected');
      }
      if (input.fail) await wf.step('check', () => Promise.reject(new BusinessError('out of stock')));
      return id;
    });
  };

  it('commits the prepared transaction when the workflow returns', async () => {
    const engine = await world.startEngine(register);
    const gid = `${prefix}-ok`;
    expect(await engine.executeWorkflow('order', gid, {})).toMatchObject({ status: 'SUCCEEDED', output: gid });
    expect(await db.countOrders(table)).toBe(1);
    expect(await db.resource.isPrepared(xaTransactionId(gid, 'create-order'))).toBe(false);
    const events = await world.history(gid);
    expect(typesOf(events)).toEqual([
      'ExecutionStarted',
      'XaPrepared',
      'CommitStarted',
      'XaCommitted',
      'ExecutionSucceeded',
    ]);
    expect(detailsOf(events[1]!)).toMatchObject({ branch: 'create-order', xid: `${gid}:create-order` });
  });

  it('rolls the prepared transaction back on a business failure', async () => {
    const engine = await world.startEngine(register);
    const gid = `${prefix}-bad`;
    expect(await engine.executeWorkflow('order', gid, { fail: true })).toMatchObject({ status: 'FAILED' });
    expect(await db.countOrders(table)).toBe(0);
    expect(await db.resource.isPrepared(xaTransactionId(gid, 'create-order'))).toBe(false);
    expect(typesOf(await world.history(gid))).toContain('XaRolledBack');
  });

  for (const commit of [true, false]) {
    it(`finishes a branch left prepared by a stopped engine (${commit ? 'commit' : 'rollback'}) after a restart`, async () => {
      const first = await world.startEngine(register);
      const gid = `${prefix}-${commit ? 'c' : 'r'}`;
      const xid = xaTransactionId(gid, 'create-order');
      await first.startWorkflow('order', gid, { wait: true });
      await world.until(
        async () => typesOf(await world.history(gid)).includes('WorkflowWaiting'),
        'prepared and parked',
      );
      await world.stopEngine(first);
      expect(await db.resource.isPrepared(xid)).toBe(true);
      expect(await db.countOrders(table)).toBe(0);

      const second = await world.startEngine(register);
      await second.signalWorkflow(gid, 'decision', { commit });
      expect(await second.waitForWorkflow(gid)).toMatchObject({ status: commit ? 'SUCCEEDED' : 'FAILED' });
      expect(await db.resource.isPrepared(xid)).toBe(false);
      expect(await db.countOrders(table)).toBe(commit ? 1 : 0);
    });
  }

  describe('phase two is idempotent', () => {
    it('accepts commit and rollback of an id that is not prepared', async () => {
      await expect(db.resource.commit(`${prefix}-none:x`)).resolves.toBeUndefined();
      await expect(db.resource.rollback(`${prefix}-none:x`)).resolves.toBeUndefined();
    });
  });
}
