import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const coordinatorFile = fileURLToPath(new URL('./coordinator-process.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A coordinator child process (`node --import tsx examples/tcc-transfer/coordinator-process.ts ...`). */
export class CoordinatorChild {
  readonly child: ChildProcess;
  readonly exited: Promise<ChildExit>;
  readonly lines: string[] = [];
  stderr = '';
  exit: ChildExit | undefined;
  private rest = '';

  constructor(args: readonly string[]) {
    this.child = spawn(process.execPath, ['--import', 'tsx', coordinatorFile, ...args], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.setEncoding('utf8');
    this.child.stderr!.setEncoding('utf8');
    this.child.stdout!.on('data', (chunk: string) => {
      const parts = (this.rest + chunk).split('\n');
      this.rest = parts.pop() ?? '';
      this.lines.push(...parts);
    });
    this.child.stderr!.on('data', (chunk: string) => (this.stderr += chunk));
    // 'close' comes after the process is reaped and its pipes drained.
    this.exited = new Promise((resolve) => {
      this.child.on('close', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
    });
  }

  /** Sends SIGKILL now (synchronously); `exited` resolves once the process is reaped. */
  killNow(): void {
    if (!this.exit) this.child.kill('SIGKILL');
  }

  /** SIGKILL (unless it already exited), then wait until the process is reaped. */
  async kill(): Promise<ChildExit> {
    this.killNow();
    return this.exited;
  }

  /** Waits for the process to exit by itself; SIGKILLs it and resolves undefined after `timeoutMs`. */
  async waitForExit(timeoutMs: number): Promise<ChildExit | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs)));
    const exit = await Promise.race([this.exited, timedOut]);
    clearTimeout(timer);
    if (exit) return exit;
    await this.kill();
    return undefined;
  }
}

/** stderr lines that are not Node's own (experimental or deprecation) warnings. */
export function unexpectedStderr(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .filter((line) => !/^\(node:\d+\) \[?\w*(Experimental|Deprecation)?Warning/.test(line))
    .filter((line) => !line.startsWith('(Use `node --trace-'));
}
