/**
 * Child process of the parked-memory measurement (spawned with --expose-gc so that the figure is
 * live memory, not garbage): parks executions on an hour-long Wait and prints one JSON line.
 * Usage: node --expose-gc dist/bench/parked-child.js <dir> <count>
 */
import { loadBenchDefinition, openBenchEngine } from './bench-engine.js';
import { parkedDefinitionText, SAGA_INPUT } from './saga-definition.js';

const MIB = 1024 * 1024;
const STARTERS = 256;

export interface ParkedMemoryResult {
  executions: number;
  /** Executions RUNNING in the database after parking (should equal `executions`). */
  parkedInDatabase: number;
  gcForced: boolean;
  baselineRssMb: number;
  rssMb: number;
  heapUsedMb: number;
  /** rss after parking minus rss of the same engine before any execution. */
  rssDeltaMb: number;
  parkSeconds: number;
}

function collect(): boolean {
  if (!globalThis.gc) return false;
  globalThis.gc();
  globalThis.gc();
  return true;
}

async function main(dir: string, count: number): Promise<ParkedMemoryResult> {
  const bench = await openBenchEngine(dir, 'parked');
  try {
    const definition = loadBenchDefinition(parkedDefinitionText());
    collect();
    const baselineRss = process.memoryUsage().rss;
    const t0 = performance.now();
    let started = 0;
    const starter = async (): Promise<void> => {
      while (started < count) {
        started += 1;
        await bench.start(definition, SAGA_INPUT);
      }
    };
    await Promise.all(Array.from({ length: Math.min(STARTERS, count) }, starter));
    await bench.engine.drain();
    const parkSeconds = (performance.now() - t0) / 1000;
    const gcForced = collect();
    const memory = process.memoryUsage();
    const parkedInDatabase = (await bench.store.listUnfinishedExecutions()).length;
    return {
      executions: count,
      parkedInDatabase,
      gcForced,
      baselineRssMb: baselineRss / MIB,
      rssMb: memory.rss / MIB,
      heapUsedMb: memory.heapUsed / MIB,
      rssDeltaMb: (memory.rss - baselineRss) / MIB,
      parkSeconds,
    };
  } finally {
    await bench.close();
  }
}

const [dir, countText] = process.argv.slice(2);
if (dir && countText) {
  const result = await main(dir, Number(countText));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
