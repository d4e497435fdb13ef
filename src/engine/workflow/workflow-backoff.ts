import type { ResolvedWorkflowOptions } from './run-scope.js';

/** Wait before the next run after `attempts` failed runs in a row: capped exponential backoff. */
export function backoffMs(retry: ResolvedWorkflowOptions['retry'], attempts: number): number {
  const exponent = Math.max(0, attempts - 1);
  return Math.min(retry.maxMs, Math.round(retry.initialMs * retry.factor ** exponent));
}
