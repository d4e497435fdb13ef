import { closeSync, fdatasyncSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const BLOCK = 4096;
/** Wrap the write position so a long measurement does not grow the file without bound. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

/**
 * The raw durable-write rate of the disk under `dir`: append 4 KiB and fdatasync, in a loop,
 * for about `durationMs`. This is the ceiling for a store that syncs once per transition.
 */
export function measureFsyncPerSecond(dir: string, durationMs: number): number {
  const file = join(dir, 'fsync-probe.bin');
  const fd = openSync(file, 'w');
  const block = Buffer.alloc(BLOCK, 0x5a);
  try {
    let count = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < durationMs) {
      writeSync(fd, block, 0, BLOCK, (count * BLOCK) % MAX_FILE_BYTES);
      fdatasyncSync(fd);
      count += 1;
      elapsed = performance.now() - start;
    }
    return count / (elapsed / 1000);
  } finally {
    closeSync(fd);
    rmSync(file, { force: true });
  }
}
