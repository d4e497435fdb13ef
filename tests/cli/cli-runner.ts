import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI in a child process (TypeScript sources through tsx, no build needed). */
export function runCli(args: string[], cwd = repo): CliResult {
  const result = spawnSync(process.execPath, ['--import', 'tsx', `${repo}src/cli/main.ts`, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export const repoRoot = repo;
