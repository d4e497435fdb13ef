import type { ResolvedEngineOptions } from './engine-options.js';

const BATCH = 500;

/**
 * Deletes finished executions older than the retention period, in batches, at start and
 * then periodically, so tables and indexes stay small under constant load.
 */
export class RetentionSweeper {
  private cancel: (() => void) | undefined;
  private running: Promise<number> | undefined;

  constructor(private readonly options: ResolvedEngineOptions) {}

  start(): void {
    if (this.options.retentionMs <= 0) return;
    this.schedule(0);
  }

  stop(): void {
    this.cancel?.();
    this.cancel = undefined;
  }

  /** Deletes everything that is due for deletion now; returns how many executions went. */
  sweep(): Promise<number> {
    this.running ??= this.deleteAll().finally(() => (this.running = undefined));
    return this.running;
  }

  private schedule(delayMs: number): void {
    this.cancel = this.options.clock.setTimer(() => {
      void this.sweep()
        .catch((error: unknown) => process.stderr.write(`unwind: retention failed: ${String(error)}\n`))
        .finally(() => {
          if (this.cancel) this.schedule(this.options.retentionIntervalMs);
        });
    }, delayMs);
  }

  private async deleteAll(): Promise<number> {
    const { store, clock, retentionMs } = this.options;
    if (retentionMs <= 0) return 0;
    const before = clock.now() - retentionMs;
    let total = 0;
    for (;;) {
      const deleted = await store.deleteFinishedExecutions(before, BATCH);
      total += deleted;
      if (deleted < BATCH) return total;
    }
  }
}
