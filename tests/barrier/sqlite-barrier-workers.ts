import type { Worker } from 'node:worker_threads';
import type { BarrierOutcome } from '../../src/barrier/barrier-outcome.js';
import type { Delivery } from './barrier-contract.js';
import type { WorkerDelivery } from './sqlite-barrier-worker.js';
import { startTypeScriptWorker } from './typescript-worker.js';

type WorkerMessage =
  { kind: 'started' | 'ready' } | { kind: 'outcome'; outcome: BarrierOutcome } | { kind: 'error'; message: string };

/** Worker threads, each with its own SQLite connection, started once and reused by every concurrent case. */
export class SqliteBarrierWorkers {
  private readonly workers: Worker[] = [];

  constructor(private readonly file: string) {}

  /** Each delivery on its own worker; all enter the barrier at once. Outcomes in the order given. */
  async deliverConcurrently(deliveries: readonly Delivery[]): Promise<BarrierOutcome[]> {
    await this.grow(deliveries.length);
    const start = new SharedArrayBuffer(4);
    const ready: Promise<void>[] = [];
    const outcomes = deliveries.map((delivery, index) => {
      const worker = this.workers[index]!;
      let readySignal: () => void = () => undefined;
      ready.push(new Promise<void>((resolve) => (readySignal = resolve)));
      const outcome = new Promise<BarrierOutcome>((resolve, reject) => {
        const onMessage = (message: WorkerMessage): void => {
          if (message.kind === 'ready') return readySignal();
          worker.off('message', onMessage);
          if (message.kind === 'outcome') resolve(message.outcome);
          else reject(new Error(`barrier worker failed: ${message.kind === 'error' ? message.message : message.kind}`));
        };
        worker.on('message', onMessage);
      });
      worker.postMessage({ delivery, start } satisfies WorkerDelivery);
      return outcome;
    });
    await Promise.all(ready);
    const flag = new Int32Array(start);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
    return Promise.all(outcomes);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.splice(0).map((worker) => worker.terminate()));
  }

  private async grow(count: number): Promise<void> {
    const starting: Promise<void>[] = [];
    while (this.workers.length < count) {
      const worker = startTypeScriptWorker(new URL('./sqlite-barrier-worker.ts', import.meta.url), { file: this.file });
      this.workers.push(worker);
      starting.push(
        new Promise<void>((resolve, reject) => {
          worker.once('message', () => resolve());
          worker.once('error', reject);
        }),
      );
    }
    await Promise.all(starting);
  }
}
