import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const workerFile = fileURLToPath(new URL('./crash-worker.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface WorkerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A crash-worker child process (`node --import tsx tests/crash/crash-worker.ts ...`). */
export class WorkerProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<WorkerExit>;
  readonly lines: string[] = [];
  stderr = '';
  exit: WorkerExit | undefined;
  private stdoutRest = '';
  private lineWaiters: (() => void)[] = [];

  constructor(args: string[]) {
    this.child = spawn(process.execPath, ['--import', 'tsx', workerFile, ...args], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.setEncoding('utf8');
    this.child.stderr!.setEncoding('utf8');
    this.child.stdout!.on('data', (chunk: string) => {
      const parts = (this.stdoutRest + chunk).split('\n');
      this.stdoutRest = parts.pop() ?? '';
      this.lines.push(...parts);
      this.notify();
    });
    this.child.stderr!.on('data', (chunk: string) => (this.stderr += chunk));
    // 'close' comes after 'exit' (the process is reaped, so its pid is gone) and after the pipes drained.
    this.exited = new Promise((resolve) => {
      this.child.on('close', (code, signal) => {
        this.exit = { code, signal };
        this.notify();
        resolve(this.exit);
      });
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Resolves true once the worker printed `line`, false if it exited first or `timeoutMs` passed. */
  async waitForLine(line: string, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.lines.includes(line)) {
      if (this.exit || Date.now() >= deadline) return false;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.lineWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return true;
  }

  /** Resolves true once `file` exists, false if the worker exited first or `timeoutMs` passed. */
  async waitForFile(file: string, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!existsSync(file)) {
      if (this.exit || Date.now() >= deadline) return false;
      await sleep(5);
    }
    return true;
  }

  /** SIGKILL, then wait until the process is reaped. */
  async kill(): Promise<WorkerExit> {
    if (!this.exit) this.child.kill('SIGKILL');
    return this.exited;
  }

  /** Waits for the worker to exit by itself; SIGKILLs it and resolves undefined after `timeoutMs`. */
  async waitForExit(timeoutMs: number): Promise<WorkerExit | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs)));
    const exit = await Promise.race([this.exited, timedOut]);
    clearTimeout(timer);
    if (exit) return exit;
    await this.kill();
    return undefined;
  }

  private notify(): void {
    const waiters = this.lineWaiters;
    this.lineWaiters = [];
    for (const wake of waiters) wake();
  }
}

/** mulberry32: a small seeded PRNG, so that a failing run can be replayed with its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
