import type { ExecutionStatus } from '../store/store-port.js';

/**
 * Hooks the engine calls as things happen, for metrics and tracing. Every member is optional, is
 * called synchronously on the engine's path and must be quick; whatever a hook throws (or a promise
 * it returns rejects with) is ignored, so a broken observer never breaks an execution.
 */
export interface EngineObserver {
  /** This engine created an execution (its first transition was committed). */
  executionStarted?(stateMachineArn: string): void;
  /** This engine committed the transition that ended an execution (counted once across engines). */
  executionFinished?(stateMachineArn: string, status: Exclude<ExecutionStatus, 'RUNNING'>): void;
  /** A group-commit batch applied `count` transitions (conflicting ones are not counted). */
  transitionCommitted?(count: number): void;
  /** A task handler invocation ended (`ok` false: it failed); `durationMs` on the engine's clock. */
  taskCompleted?(resource: string, durationMs: number, ok: boolean, task?: CompletedTask): void;
  /** `count` leases of dead engines were released so that live engines take their work over. */
  leaseTakenOver?(count: number): void;
  /** One group-commit database transaction of `size` transitions took `durationMs` (monotonic time). */
  commitBatch?(size: number, durationMs: number): void;
}

/** Which task a `taskCompleted` hook is about (for logs), and its error when it failed. */
export interface CompletedTask {
  executionArn: string;
  stateName: string;
  attempt: number;
  error?: string;
  cause?: string;
}

/** One observer that calls each of `observers` in turn (each through `safeObserver`). */
export function combineObservers(...observers: EngineObserver[]): EngineObserver {
  const safe = observers.map((observer) => safeObserver(observer));
  return {
    executionStarted: (...args) => safe.forEach((observer) => observer.executionStarted(...args)),
    executionFinished: (...args) => safe.forEach((observer) => observer.executionFinished(...args)),
    transitionCommitted: (...args) => safe.forEach((observer) => observer.transitionCommitted(...args)),
    taskCompleted: (...args) => safe.forEach((observer) => observer.taskCompleted(...args)),
    leaseTakenOver: (...args) => safe.forEach((observer) => observer.leaseTakenOver(...args)),
    commitBatch: (...args) => safe.forEach((observer) => observer.commitBatch(...args)),
  };
}

/** An observer whose every hook exists and never throws. */
export type SafeEngineObserver = Required<EngineObserver>;

type Hook<K extends keyof EngineObserver> = Parameters<Required<EngineObserver>[K]>;

/** Wraps `observer` so that calling any hook is always allowed and never throws. */
export function safeObserver(observer: EngineObserver = {}): SafeEngineObserver {
  const call = <K extends keyof EngineObserver>(name: K, args: Hook<K>): void => {
    const hook = observer[name] as ((...values: Hook<K>) => unknown) | undefined;
    if (!hook) return;
    try {
      const result = hook.apply(observer, args);
      if (result instanceof Promise) result.catch(() => undefined);
    } catch {
      // An observer's failure is not the engine's: ignore it.
    }
  };
  return Object.freeze({
    executionStarted: (...args: Hook<'executionStarted'>) => call('executionStarted', args),
    executionFinished: (...args: Hook<'executionFinished'>) => call('executionFinished', args),
    transitionCommitted: (...args: Hook<'transitionCommitted'>) => call('transitionCommitted', args),
    taskCompleted: (...args: Hook<'taskCompleted'>) => call('taskCompleted', args),
    leaseTakenOver: (...args: Hook<'leaseTakenOver'>) => call('leaseTakenOver', args),
    commitBatch: (...args: Hook<'commitBatch'>) => call('commitBatch', args),
  });
}
