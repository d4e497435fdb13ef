import type { Clock } from './clock.js';

/** A pending wait of one poller: resolves on a wake-up, after its time, or when its signal aborts. */
export interface Wakeup {
  promise: Promise<void>;
  cancel(): void;
}

/**
 * Wakes GetActivityTask long polls of an activity when this process queues a task for it. Pollers
 * register before they look at the store, so a task queued while they look is never missed.
 */
export class ActivityWakeups {
  private readonly waiting = new Map<string, Set<() => void>>();

  constructor(private readonly clock: Clock) {}

  /** A wait on `activityArn` that ends after `ms` on the clock at the latest. */
  register(activityArn: string, ms: number, signal: AbortSignal | undefined): Wakeup {
    let done: () => void = () => undefined;
    const promise = new Promise<void>((resolve) => {
      done = resolve;
    });
    const listeners = this.waiting.get(activityArn) ?? new Set<() => void>();
    this.waiting.set(activityArn, listeners);
    let cancelTimer: () => void = () => undefined;
    const finish = (): void => {
      cancelTimer();
      signal?.removeEventListener('abort', finish);
      listeners.delete(finish);
      if (listeners.size === 0 && this.waiting.get(activityArn) === listeners) this.waiting.delete(activityArn);
      done();
    };
    cancelTimer = this.clock.setTimer(finish, ms);
    listeners.add(finish);
    signal?.addEventListener('abort', finish, { once: true });
    return { promise, cancel: finish };
  }

  /** A task of `activityArn` was queued here: its pollers look again. */
  wake(activityArn: string): void {
    for (const finish of [...(this.waiting.get(activityArn) ?? [])]) finish();
  }

  /** The engine stops: every poller looks once more and returns. */
  wakeAll(): void {
    for (const listeners of [...this.waiting.values()]) for (const finish of [...listeners]) finish();
  }
}
