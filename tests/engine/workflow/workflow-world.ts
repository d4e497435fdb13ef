import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HistoryEvent } from '../../../src/core/interpreter/history-event.js';
import { ManualClock } from '../../../src/engine/clock.js';
import { Engine } from '../../../src/engine/engine.js';
import type { EngineOptions } from '../../../src/engine/engine-options.js';
import { openSqliteStore } from '../../../src/sqlite/sqlite-store.js';
import type { ExecutionRecord, Store } from '../../../src/store/store-port.js';
import type { StoreKind } from '../../helpers/engine-fixture.js';
import { TestSchema } from '../../postgres/postgres-test-database.js';

/** Registers the workflows a test uses on an engine (before it starts, as a real process would). */
export type Registration = (engine: Engine) => void;

/**
 * One database (a SQLite file or a PostgreSQL schema) with a manual clock, and the engines a test
 * starts on it, one after the other (a restart simulates a crash of the process mid-workflow).
 */
export class WorkflowWorld {
  readonly clock = new ManualClock();
  private readonly dir = mkdtempSync(join(tmpdir(), 'unwind-workflow-'));
  private readonly schema: TestSchema | undefined;
  private readonly stores: Store[] = [];
  private readonly engines: Engine[] = [];

  constructor(
    readonly kind: StoreKind,
    private readonly options: Partial<EngineOptions> = {},
  ) {
    this.schema = kind === 'postgres' ? new TestSchema() : undefined;
  }

  /** Opens a store on the database and starts an engine on it with these workflows registered. */
  async startEngine(register: Registration): Promise<Engine> {
    const engine = await this.openEngine(register);
    await engine.start();
    this.engines.push(engine);
    return engine;
  }

  /** An engine on the database that is not started: it runs nothing, but can commit signals. */
  async openEngine(register: Registration = () => undefined): Promise<Engine> {
    const store = this.schema ? await this.schema.open() : openSqliteStore({ file: join(this.dir, 'unwind.db') });
    await store.migrate();
    this.stores.push(store);
    const engine = new Engine({ store, clock: this.clock, random: () => 0.5, ...this.options });
    register(engine);
    return engine;
  }

  /** Stops an engine as a shutdown would: its in-flight runs are abandoned, its leases released. */
  async stopEngine(engine: Engine): Promise<void> {
    await engine.stop();
    const index = this.engines.indexOf(engine);
    if (index >= 0) this.engines.splice(index, 1);
  }

  get store(): Store {
    const store = this.stores.at(-1);
    if (!store) throw new Error('no store opened yet');
    return store;
  }

  /** Drives the engines (skipping time) until the workflow `gid` has ended. */
  async finish(gid: string, stepMs = 1_000, maxSteps = 2_000): Promise<ExecutionRecord> {
    for (let step = 0; step < maxSteps; step++) {
      for (const engine of this.engines) await engine.drain();
      const record = await this.store.findExecution(gid);
      if (record && record.status !== 'RUNNING') return record;
      this.clock.advance(stepMs);
    }
    throw new Error(`workflow ${gid} did not finish within ${maxSteps} steps`);
  }

  /** Drives the engines until `condition` holds, without moving the clock (bounded). */
  async until(condition: () => Promise<boolean> | boolean, what: string, maxRounds = 500): Promise<void> {
    for (let round = 0; round < maxRounds; round++) {
      if (await condition()) return;
      for (const engine of this.engines) await engine.drain();
      await new Promise((resolve) => setImmediate(resolve));
    }
    throw new Error(`gave up waiting for: ${what}`);
  }

  async history(gid: string): Promise<HistoryEvent[]> {
    const record = await this.store.findExecution(gid);
    if (!record) throw new Error(`no execution ${gid}`);
    return this.store.getHistory(record.executionArn);
  }

  async close(): Promise<void> {
    for (const engine of this.engines.splice(0)) await engine.stop().catch(() => undefined);
    for (const store of this.stores.splice(0)) if (!this.schema) await store.close().catch(() => undefined);
    await this.schema?.cleanup();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Event types in order. */
export function typesOf(events: readonly HistoryEvent[]): string[] {
  return events.map((event) => event.type);
}

/** The details member of an event (`<type>EventDetails`). */
export function detailsOf(event: HistoryEvent): Record<string, unknown> {
  const key = `${event.type.charAt(0).toLowerCase()}${event.type.slice(1)}EventDetails`;
  return (event[key] ?? {}) as Record<string, unknown>;
}
