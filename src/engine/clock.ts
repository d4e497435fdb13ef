/** Time as the engine sees it: injected so that tests skip time instead of sleeping. */
export interface Clock {
  now(): number;
  /** Calls `callback` once `ms` have passed on this clock; returns a cancel function. */
  setTimer(callback: () => void, ms: number): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(callback, ms) {
    const handle = setTimeout(callback, Math.max(0, Math.min(ms, 2_147_483_647)));
    return () => clearTimeout(handle);
  },
};

/** A clock that only moves when told to: `advance(ms)` fires the timers that became due. */
export class ManualClock implements Clock {
  private current: number;
  private timers: { at: number; callback: () => void }[] = [];

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimer(callback: () => void, ms: number): () => void {
    const timer = { at: this.current + Math.max(0, ms), callback };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((candidate) => candidate !== timer);
    };
  }

  advance(ms: number): void {
    this.current += ms;
    const due = this.timers.filter((timer) => timer.at <= this.current);
    this.timers = this.timers.filter((timer) => timer.at > this.current);
    for (const timer of due) timer.callback();
  }
}
