import { readFileSync } from 'node:fs';
import { runSql } from './pg-sql.js';

/** Linux reports process times in clock ticks of 1/100 s (USER_HZ) on every mainstream kernel. */
const MS_PER_TICK = 10;

/**
 * CPU time (user + system, ms) used so far by the PostgreSQL backends serving connections whose
 * `application_name` is `applicationName`, read from `/proc/<pid>/stat`. Undefined when the server is
 * not on this machine (or /proc is not readable): the figure is then simply not reported. Backends
 * that ended since are not counted, so sample while the pool is open and warm.
 */
export async function backendCpuMs(url: string, applicationName: string): Promise<number | undefined> {
  const [result] = await runSql(url, {
    text: 'SELECT pid FROM pg_stat_activity WHERE application_name = $1',
    values: [applicationName],
  });
  const pids = (result?.rows ?? []).map((row) => Number(row.pid));
  let ticks = 0;
  for (const pid of pids) {
    const stat = readStat(pid);
    if (stat === undefined) return undefined;
    ticks += stat;
  }
  return pids.length === 0 ? undefined : ticks * MS_PER_TICK;
}

function readStat(pid: number): number | undefined {
  try {
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

/** This process's CPU time so far (user + system, ms). */
export function processCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** Busy and total jiffies of all CPUs of the machine (`/proc/stat`); undefined off Linux. */
export function machineCpuTicks(): { busy: number; total: number } | undefined {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
    const busy = user + nice + system + irq + softirq + steal;
    return { busy, total: busy + idle + iowait };
  } catch {
    return undefined;
  }
}

/** The share (%) of all the machine's CPUs that was busy between two `machineCpuTicks()` samples. */
export function busyPercent(
  before: ReturnType<typeof machineCpuTicks>,
  after: ReturnType<typeof machineCpuTicks>,
): number | undefined {
  if (!before || !after || after.total === before.total) return undefined;
  return (100 * (after.busy - before.busy)) / (after.total - before.total);
}
