import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ParkedMemoryResult } from './parked-child.js';

const CHILD = fileURLToPath(new URL('./parked-child.js', import.meta.url));
const TIMEOUT_MS = 90_000;

/**
 * Parks `count` executions on an hour-long Wait in a fresh child process (`--expose-gc`, so the
 * figure is live memory after a forced GC and is not inflated by earlier measurements).
 */
export function measureParkedMemory(dir: string, count: number): Promise<ParkedMemoryResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', CHILD, dir, String(count)], {
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: TIMEOUT_MS,
    });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const last = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0 || !last.startsWith('{')) {
        reject(new Error(`parked-memory child failed (exit ${code ?? signal}): ${stdout.slice(-500)}`));
        return;
      }
      resolve(JSON.parse(last) as ParkedMemoryResult);
    });
  });
}
