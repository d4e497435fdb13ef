/** Something a parked workflow waits for: a time, a signal, or both (a signal with a timeout). */
export interface Wait {
  dueAt?: number;
  signal?: string;
}

/** How the workflow function stands once nothing it started is in flight any more. */
export type RunEnd =
  | { kind: 'returned'; value: unknown }
  | { kind: 'threw'; error: unknown }
  /** The function is still pending, nothing is in flight: it waits (for `waits`) or it replayed as far as it can. */
  | { kind: 'quiescent'; waits: Wait[] };

/** A promise that never settles: what a workflow operation returns once its run is over. */
export function never<T>(): Promise<T> {
  return new Promise<T>(() => undefined);
}

/**
 * Counts the operations of one run that are in flight and tells when the workflow function has
 * settled, or has gone quiet: nothing in flight and the function still pending (parked on a sleep
 * or a signal, or, on a replay of a decided workflow, blocked on an operation that is not re-run).
 * Quiet is judged one macrotask after the last operation settled, so that the function's own
 * synchronous continuations (microtasks) have run.
 */
export class OperationTracker {
  private inFlight = 0;
  private readonly waits: Wait[] = [];
  private settled: RunEnd | undefined;
  private resolveEnd: ((end: RunEnd) => void) | undefined;
  private checkScheduled = false;
  private closedFlag = false;

  /** `quietWithoutWaits`: a quiet function ends the run even when it registered no wait (replay mode). */
  constructor(private readonly quietWithoutWaits: boolean) {}

  get closed(): boolean {
    return this.closedFlag;
  }

  /** After this, operations of the run do nothing (the run has ended or was abandoned). */
  close(): void {
    this.closedFlag = true;
  }

  track<T>(work: () => Promise<T>): Promise<T> {
    this.inFlight += 1;
    const running = (async () => work())();
    return running.finally(() => {
      this.inFlight -= 1;
      this.scheduleCheck();
    });
  }

  addWait(wait: Wait): void {
    this.waits.push(wait);
    this.scheduleCheck();
  }

  /** Resolves once `fn` settled with nothing in flight, or went quiet. */
  watch(fn: Promise<unknown>): Promise<RunEnd> {
    const ended = new Promise<RunEnd>((resolve) => {
      this.resolveEnd = resolve;
    });
    fn.then(
      (value) => {
        this.settled = { kind: 'returned', value };
      },
      (error: unknown) => {
        this.settled = { kind: 'threw', error };
      },
    ).finally(() => this.scheduleCheck());
    this.scheduleCheck();
    return ended;
  }

  private scheduleCheck(): void {
    if (this.checkScheduled) return;
    this.checkScheduled = true;
    setImmediate(() => {
      this.checkScheduled = false;
      this.check();
    });
  }

  private check(): void {
    const resolve = this.resolveEnd;
    if (!resolve || this.inFlight > 0) return;
    if (this.settled) {
      this.resolveEnd = undefined;
      resolve(this.settled);
    } else if (this.waits.length > 0 || this.quietWithoutWaits) {
      this.resolveEnd = undefined;
      resolve({ kind: 'quiescent', waits: [...this.waits] });
    }
  }
}
