import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UnwindError } from '../../src/core/unwind-error.js';
import { loadHandlerModule } from '../../src/engine/handler-module.js';
import { createEngineFixture } from '../helpers/engine-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'unwind-handlers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function module(name: string, source: string): string {
  const path = join(dir, name);
  writeFileSync(path, source);
  return path;
}

describe('loadHandlerModule', () => {
  it('loads `export const handlers` from JavaScript and a default export from TypeScript', async () => {
    const js = await loadHandlerModule(module('named.mjs', 'export const handlers = { A: (x) => x + 1 };'));
    expect(await js.A!(1, {} as never)).toBe(2);
    const ts = await loadHandlerModule(
      module('default.ts', 'const double = (n: number): number => n * 2;\nexport default { Double: double };'),
    );
    expect(await ts.Double!(4, {} as never)).toBe(8);
  });

  it.each([
    ['missing.js', undefined, 'the file does not exist'],
    ['syntax.mjs', 'export const handlers = {', 'Cannot load handlers from'],
    ['empty.mjs', 'export const other = 1;', 'exports neither `handlers` nor a default object'],
    ['not-a-function.mjs', 'export const handlers = { A: 42 };', "handler 'A' is not a function"],
  ])('%s fails with one clear UnwindError', async (name, source, message) => {
    const path = source === undefined ? join(dir, name) : module(name, source);
    const error = await loadHandlerModule(path).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnwindError);
    expect((error as UnwindError).code).toBe('HandlerModuleLoadFailed');
    expect((error as UnwindError).message).toContain(message);
    expect((error as UnwindError).message).not.toContain('\n');
  });
});

describe('Engine.startExecution', () => {
  it('refuses a definition whose resource has no handler, before anything is stored', async () => {
    const fixture = await createEngineFixture({ Known: () => 1 });
    try {
      const error = await fixture
        .start({ StartAt: 'T', States: { T: { Type: 'Task', Resource: 'Unknown', End: true } } })
        .catch((caught: unknown) => caught);
      expect((error as UnwindError).code).toBe('InvalidDefinition');
      expect((error as UnwindError).problems.map((problem) => problem.path)).toEqual(['$.States.T.Resource']);
      expect(await fixture.store.listExecutions({})).toEqual([]);
    } finally {
      await fixture.close();
    }
  });
});
