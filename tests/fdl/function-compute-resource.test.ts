import { describe, expect, it } from 'vitest';
import { invokeTask } from '../../src/engine/task-invoker.js';
import { unresolvableResource } from '../../src/engine/resolve-resource.js';
import type { TaskContext } from '../../src/engine/task-handler.js';

const ctx = { signal: new AbortController().signal } as TaskContext;
const arn = (fn: string) => `acs:fc:cn-hangzhou:123:services/shop/functions/${fn}`;
class OutOfStock extends Error {
  override name = 'OutOfStock';
}
const handlers = {
  'shop/Pay': () => ({ by: 'shop/Pay' }),
  Pay: () => ({ by: 'Pay' }),
  Ship: () => '{"shipped": true}',
  Crash: () => {
    throw new TypeError('cannot read x of undefined');
  },
  Refuse: () => Promise.reject(new OutOfStock('none left')),
};

describe('Function Compute resources', () => {
  it('resolve to the handler S/F, else F; a JSON text result is parsed', async () => {
    expect(await invokeTask(arn('Pay'), {}, handlers, ctx, () => 0)).toMatchObject({
      ok: true,
      output: { by: 'shop/Pay' },
    });
    expect(await invokeTask('acs:fc:::services/other/functions/Pay', {}, handlers, ctx, () => 0)).toMatchObject({
      output: { by: 'Pay' },
    });
    expect(await invokeTask(arn('Ship'), {}, handlers, ctx, () => 0)).toMatchObject({ output: { shipped: true } });
  });

  it('a crash becomes FC.Unknown; a named error keeps its name', async () => {
    expect(await invokeTask(arn('Crash'), {}, handlers, ctx, () => 0)).toMatchObject({
      ok: false,
      error: 'FC.Unknown',
      cause: '{"errorMessage":"cannot read x of undefined"}',
    });
    expect(await invokeTask(arn('Refuse'), {}, handlers, ctx, () => 0)).toMatchObject({
      error: 'OutOfStock',
      cause: 'none left',
    });
  });

  it('are checked before a run, and a missing function is FC.FunctionNotFound at run time', async () => {
    expect(unresolvableResource(arn('Pay'), undefined, handlers)).toBeUndefined();
    expect(unresolvableResource(arn('Gone'), undefined, handlers)).toBe(
      `no handler named 'shop/Gone' or 'Gone' for '${arn('Gone')}'`,
    );
    expect(await invokeTask(arn('Gone'), {}, handlers, ctx, () => 0)).toMatchObject({ error: 'FC.FunctionNotFound' });
  });
});
