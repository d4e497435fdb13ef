import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { definitionFormatOf } from '../core/definition/parse-definition.js';
import { PLACEHOLDER_NAME } from '../core/definition/substitute-placeholders.js';
import type { Json } from '../core/json.js';
import { UnwindError } from '../core/unwind-error.js';
import { loadHandlerModule } from '../engine/handler-module.js';
import type { LoadDefinitionOptions } from '../engine/load-definition.js';
import type { TaskHandlers } from '../engine/task-handler.js';

export function readTextFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new UnwindError('UsageError', `Cannot read ${what} ${path}: ${reason}`);
  }
}

export function parseJsonInput(text: string, source: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (error) {
    throw new UnwindError('InvalidInput', `The input from ${source} is not valid JSON: ${(error as Error).message}`);
  }
}

export function readExecutionInput(options: { input?: string; inputFile?: string }): Json {
  if (options.input !== undefined && options.inputFile !== undefined) {
    throw new UnwindError('UsageError', 'Give either --input or --input-file, not both.');
  }
  if (options.inputFile !== undefined)
    return parseJsonInput(readTextFile(options.inputFile, 'input file'), options.inputFile);
  if (options.input !== undefined) return parseJsonInput(options.input, '--input');
  return {};
}

export async function readHandlers(path: string | undefined): Promise<TaskHandlers> {
  return path === undefined ? {} : loadHandlerModule(path);
}

/** The database a command works on: `--db`, else UNWIND_DATABASE_URL. */
export function requireDatabase(db: string | undefined): string {
  const chosen = db ?? process.env.UNWIND_DATABASE_URL;
  if (!chosen) throw new UnwindError('UsageError', 'Give --db FILE|postgres://URL (or set UNWIND_DATABASE_URL).');
  return chosen;
}

/** `trip-saga.asl.json` -> `trip-saga`, with characters AWS forbids in names replaced. */
export function stateMachineNameFromFile(path: string): string {
  const name = basename(path).replace(/(\.asl)?\.(json|ya?ml)$/i, '');
  return name.replace(/[^\w.-]/g, '-').slice(0, 80) || 'state-machine';
}

/** Collects repeated `--sub NAME=VALUE` options (commander's argument parser). */
export function collectSub(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `--sub NAME=VALUE` options as a substitution map; a later NAME wins. */
export function parseSubstitutions(subs: readonly string[] = []): Record<string, string> {
  const substitutions: Record<string, string> = {};
  for (const sub of subs) {
    const equals = sub.indexOf('=');
    const name = sub.slice(0, Math.max(equals, 0));
    if (equals < 0 || !PLACEHOLDER_NAME.test(name)) {
      throw new UnwindError(
        'UsageError',
        `--sub '${sub}' must be NAME=VALUE, NAME made of letters, digits and _ . : - (it fills \${NAME})`,
      );
    }
    Object.defineProperty(substitutions, name, { value: sub.slice(equals + 1), enumerable: true, writable: true });
  }
  return substitutions;
}

/** Reads a definition file: its text, and how to load it (YAML by extension, `--sub` substitutions). */
export function readDefinitionFile(path: string, subs?: readonly string[]): { text: string } & LoadDefinitionOptions {
  const substitutions = parseSubstitutions(subs);
  return { text: readTextFile(path, 'definition'), format: definitionFormatOf(path), substitutions };
}
