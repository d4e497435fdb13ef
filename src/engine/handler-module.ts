import { existsSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UnwindError } from '../core/unwind-error.js';
import type { TaskHandler, TaskHandlers } from './task-handler.js';

const TYPESCRIPT = new Set(['.ts', '.mts', '.cts']);
let typescriptLoader: Promise<void> | undefined;

/** Lets `import()` load TypeScript handler modules (through tsx), once per process. */
function enableTypeScript(): Promise<void> {
  typescriptLoader ??= import('tsx/esm/api').then((api) => {
    api.register();
  });
  return typescriptLoader;
}

function pickHandlers(module: Record<string, unknown>): Record<string, unknown> | undefined {
  const candidates = [
    module.handlers,
    module.default,
    (module.default as Record<string, unknown> | undefined)?.handlers,
  ];
  return candidates.find(
    (candidate): candidate is Record<string, unknown> => typeof candidate === 'object' && candidate !== null,
  );
}

/**
 * Loads `export const handlers = { Name: async (input, ctx) => output }` (or a default
 * export of the same object) from a JavaScript or TypeScript module.
 * Any problem becomes one UnwindError('HandlerModuleLoadFailed') line, never a stack trace.
 */
export async function loadHandlerModule(path: string): Promise<TaskHandlers> {
  const file = resolve(path);
  const fail = (why: string): never => {
    throw new UnwindError('HandlerModuleLoadFailed', `Cannot load handlers from ${path}: ${why}`);
  };
  if (!existsSync(file)) fail('the file does not exist');
  let module: Record<string, unknown> = {};
  try {
    if (TYPESCRIPT.has(extname(file))) await enableTypeScript();
    module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    fail(error instanceof Error ? (error.message.split('\n')[0] ?? error.name) : String(error));
  }
  const handlers = pickHandlers(module) ?? fail('it exports neither `handlers` nor a default object of handlers');
  const result: Record<string, TaskHandler> = {};
  for (const [name, handler] of Object.entries(handlers)) {
    if (typeof handler !== 'function') fail(`handler '${name}' is not a function`);
    result[name] = handler as TaskHandler;
  }
  return Object.freeze(result);
}
