import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerExit } from '../crash/worker-process.js';

const workerFile = fileURLToPath(new URL('./failover-worker.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * A fail-over worker child process (`node --import tsx tests/failover/failover-worker.ts ...`).
 * Unlike the crash test's worker it runs until told to stop (SIGTERM), since no single process
 * can tell when the executions of all of them are over.
 */
export class EngineProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<WorkerExit>;
  readonly lines: string[] = [];
  stderr = '';
  exit: WorkerExit | undefined;
  private stdoutRest = '';
  private lineWaiters: (() => void)[] = [];

  constructor(
    readonly label: string,
    args: string[],
  ) {
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

  /** Freezes the process (it keeps its connections but does nothing more, heartbeats included). */
  freeze(): void {
    if (!this.exit) this.child.kill('SIGSTOP');
  }

  /** SIGKILL, then wait until the process is reaped. */
  async kill(): Promise<WorkerExit> {
    if (!this.exit) this.child.kill('SIGKILL');
    return this.exited;
  }

  /** SIGTERM (the worker stops its engine and closes its store), SIGKILL after `timeoutMs`. */
  async stop(timeoutMs: number): Promise<WorkerExit & { forced: boolean }> {
    if (this.exit) return { ...this.exit, forced: false };
    this.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs)));
    const exit = await Promise.race([this.exited, timedOut]);
    clearTimeout(timer);
    if (exit) return { ...exit, forced: false };
    return { ...(await this.kill()), forced: true };
  }

  /** Lines of stderr that are not Node's own warnings (the engine reports work-loop errors there). */
  unexpectedStderr(): string[] {
    return this.stderr
      .split('\n')
      .filter((line) => line.trim() !== '')
      .filter((line) => !/^\(node:\d+\) \[?\w*(Experimental|Deprecation)?Warning/.test(line))
      .filter((line) => !line.startsWith('(Use `node --trace-'));
  }

  private notify(): void {
    const waiters = this.lineWaiters;
    this.lineWaiters = [];
    for (const wake of waiters) wake();
  }
}
