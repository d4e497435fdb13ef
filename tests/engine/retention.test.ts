import { afterEach, describe, expect, it } from 'vitest';
import type { StateMachineDefinition } from '../../src/core/definition/asl-types.js';
import { createEngineFixture, type EngineFixture } from '../helpers/engine-fixture.js';

let fixture: EngineFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

const DAY = 24 * 3600 * 1000;
const quick: StateMachineDefinition = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };
const parked: StateMachineDefinition = {
  StartAt: 'W',
  States: { W: { Type: 'Wait', Seconds: 90 * 86_400, End: true } },
};

describe('retention', () => {
  it('deletes finished executions older than the retention period, keeps recent and running ones', async () => {
    fixture = await createEngineFixture({}, { retentionMs: 30 * DAY });
    const old = (await fixture.run(quick, {}, 'old')).record.executionArn;
    const running = await fixture.start(parked, {}, 'still-waiting');
    fixture.clock.advance(31 * DAY);
    const recent = (await fixture.run(quick, {}, 'recent')).record.executionArn;
    // The periodic sweep fires during advance(); an explicit sweep finishes whatever is left.
    await fixture.engine.sweepRetention();
    expect(await fixture.store.getExecution(old)).toBeUndefined();
    expect(await fixture.store.getHistory(old)).toEqual([]);
    expect((await fixture.store.getExecution(recent))?.status).toBe('SUCCEEDED');
    expect((await fixture.store.getExecution(running))?.status).toBe('RUNNING');
    expect(await fixture.store.listWork(running)).toHaveLength(1);
  });

  it('keeps everything when retention is 0', async () => {
    fixture = await createEngineFixture({}, { retentionMs: 0 });
    const arn = (await fixture.run(quick)).record.executionArn;
    fixture.clock.advance(400 * DAY);
    expect(await fixture.engine.sweepRetention()).toBe(0);
    expect(await fixture.store.getExecution(arn)).toBeDefined();
  });
});
