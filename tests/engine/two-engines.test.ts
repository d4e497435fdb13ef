import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { createEngineFixture, type EngineFixture } from '../helpers/engine-fixture.js';

let fixture: EngineFixture | undefined;
let other: Engine | undefined;
afterEach(async () => {
  await other?.stop();
  await fixture?.close();
  fixture = other = undefined;
});

describe('two engines on one database', () => {
  it('waitForExecution resolves when ANOTHER engine ends the execution', async () => {
    fixture = await createEngineFixture({}, { pollIntervalMs: 100 });
    const arn = await fixture.start({
      StartAt: 'W',
      States: { W: { Type: 'Wait', Seconds: 60, Next: 'Done' }, Done: { Type: 'Pass', Result: 'done', End: true } },
    });
    other = new Engine({ store: fixture.store, clock: fixture.clock, pollIntervalMs: 100 });
    const waited = other.waitForExecution(arn);
    await fixture.engine.stop();
    const finisher = new Engine({ store: fixture.store, clock: fixture.clock, pollIntervalMs: 100 });
    await finisher.start();
    try {
      fixture.clock.advance(60_000);
      await finisher.drain();
      // Only polling can tell `other` (it committed nothing): step the manual clock until it has looked.
      let settled = false;
      void waited.finally(() => (settled = true));
      for (let step = 0; step < 1000 && !settled; step++) {
        fixture.clock.advance(100);
        await new Promise((resolve) => setImmediate(resolve));
      }
      const record = await waited;
      expect(record.status).toBe('SUCCEEDED');
      expect(JSON.parse(record.output!)).toBe('done');
    } finally {
      await finisher.stop();
    }
  });
});
