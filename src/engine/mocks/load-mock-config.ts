import { readFile } from 'node:fs/promises';
import { UnwindError } from '../../core/unwind-error.js';
import type { MockConfig } from './mock-config.js';
import { mockConfigFromText } from './parse-mock-config.js';

/** The environment variable Step Functions Local reads the mock config file's path from. */
export const MOCK_CONFIG_ENV = 'SFN_MOCK_CONFIG';

/** Reads and validates a mock config file; UnwindError('UsageError') when unreadable or invalid. */
export async function loadMockConfigFile(path: string): Promise<MockConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UnwindError('UsageError', `Cannot read the mock config file '${path}': ${reason}`);
  }
  return mockConfigFromText(text, `file '${path}'`);
}

/**
 * The mock config named by `SFN_MOCK_CONFIG` in `env`, or undefined when the variable is unset or
 * empty. Only the CLI and the server read the environment: they pass `process.env` here.
 */
export async function mockConfigFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): Promise<MockConfig | undefined> {
  const path = env[MOCK_CONFIG_ENV];
  return path ? loadMockConfigFile(path) : undefined;
}
