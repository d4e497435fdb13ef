import type { CompletedTask, EngineObserver } from '../engine/engine-observer.js';

/** The part of a pino logger the task log needs. */
export interface TaskLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

/**
 * An engine observer writing one structured line per task invocation, with the execution ARN and
 * state name on every line (`unwind serve` points it at the server's pino logger). A failed task is
 * a warning carrying its error name and cause; a succeeded one is info.
 */
export function taskLogObserver(logger: () => TaskLogger | undefined): EngineObserver {
  return {
    taskCompleted(resource: string, durationMs: number, ok: boolean, task?: CompletedTask) {
      const log = logger();
      if (!log || !task) return;
      const fields = {
        executionArn: task.executionArn,
        stateName: task.stateName,
        resource,
        attempt: task.attempt,
        durationMs,
      };
      if (ok) log.info(fields, 'task succeeded');
      else log.warn({ ...fields, error: task.error, cause: task.cause }, 'task failed');
    },
  };
}
