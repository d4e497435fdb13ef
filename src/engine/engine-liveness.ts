import type { EngineRecord } from '../store/store-port.js';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Engines whose leases may be taken over now: on this host, a process that no longer exists;
 * anywhere, one whose heartbeat is older than `staleAfterMs`, but only while `trustHeartbeats`:
 * right after this engine itself could not reach the database, the others could not heartbeat
 * either, and their stale heartbeats say nothing about their health.
 */
export function deadEngines(
  engines: readonly EngineRecord[],
  self: EngineRecord,
  now: number,
  staleAfterMs: number,
  trustHeartbeats: boolean,
): string[] {
  return engines
    .filter((engine) => engine.id !== self.id)
    .filter(
      (engine) =>
        (engine.host === self.host && !processAlive(engine.pid)) ||
        (trustHeartbeats && engine.heartbeatAt < now - staleAfterMs),
    )
    .map((engine) => engine.id);
}
