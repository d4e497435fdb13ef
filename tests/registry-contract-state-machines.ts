import { describe, expect, it } from 'vitest';

import type { StateMachineRecord } from '../src/store/registry-port.js';
import type { RegistryContractContext } from './registry-contract-context.js';
import {
  namesInByteOrder,
  stateMachineArnOf,
  stateMachineRecord,
  unsortedNames,
} from './registry-contract-fixtures.js';

/** State machines and their published versions. */
export function stateMachineContract(t: RegistryContractContext): void {
  const arn = stateMachineArnOf('trip');
  const names = (records: StateMachineRecord[]): string[] => records.map((record) => record.name);

  describe('state machines', () => {
    it('creates once; a second create returns the existing record and changes nothing', async () => {
      const record = stateMachineRecord('trip');
      expect(await t.registry.createStateMachine(record)).toEqual({ created: true, record });
      expect(await t.registry.getStateMachine(arn)).toEqual(record);

      const other = stateMachineRecord('trip', { definition: '{"other":true}', revisionId: 'r-2', creationDate: 9 });
      expect(await t.registry.createStateMachine(other)).toEqual({ created: false, record });
      expect(await t.registry.getStateMachine(arn)).toEqual(record);
      expect(await t.registry.getStateMachine(stateMachineArnOf('missing'))).toBeUndefined();
    });

    it('keeps null fields null', async () => {
      const record = stateMachineRecord('bare', {
        type: 'EXPRESS',
        description: null,
        loggingConfiguration: null,
        tracingConfiguration: null,
      });
      await t.registry.createStateMachine(record);
      expect(await t.registry.getStateMachine(record.stateMachineArn)).toEqual(record);
    });

    it('updates the fields of the patch, the revision and the update date, and keeps the others', async () => {
      const record = stateMachineRecord('trip');
      await t.registry.createStateMachine(record);
      const updated = await t.registry.updateStateMachine(arn, {
        definition: '{"v":2}',
        updateDate: 2_000,
        revisionId: 'revision-trip-1',
      });
      const expected = { ...record, definition: '{"v":2}', updateDate: 2_000, revisionId: 'revision-trip-1' };
      expect(updated).toEqual(expected);
      expect(await t.registry.getStateMachine(arn)).toEqual(expected);

      const patch = {
        roleArn: 'arn:aws:iam::123456789012:role/other',
        description: null,
        loggingConfiguration: '{"level":"OFF"}',
        tracingConfiguration: null,
        updateDate: 3_000,
        revisionId: 'revision-trip-2',
      };
      const again = { ...expected, ...patch };
      expect(await t.registry.updateStateMachine(arn, patch)).toEqual(again);
      expect(await t.registry.getStateMachine(arn)).toEqual(again);
    });

    it('does not update a missing state machine', async () => {
      const patch = { definition: '{}', updateDate: 2, revisionId: 'r' };
      expect(await t.registry.updateStateMachine(stateMachineArnOf('missing'), patch)).toBeUndefined();
      expect(await t.registry.getStateMachine(stateMachineArnOf('missing'))).toBeUndefined();
    });

    it('deletes a state machine with its versions and tags, and only those', async () => {
      const kept = stateMachineArnOf('kept');
      for (const name of ['trip', 'kept']) await t.registry.createStateMachine(stateMachineRecord(name));
      for (const target of [arn, kept]) {
        await t.registry.publishStateMachineVersion(target, null, 5);
        await t.registry.tagResource(target, [{ key: 'team', value: 'travel' }]);
      }

      expect(await t.registry.deleteStateMachine(arn)).toBe(true);
      expect(await t.registry.getStateMachine(arn)).toBeUndefined();
      expect(await t.registry.getStateMachineVersion(`${arn}:1`)).toBeUndefined();
      expect(await t.registry.listStateMachineVersions(arn, { limit: 10 })).toEqual([]);
      expect(await t.registry.listTags(arn)).toEqual([]);
      expect(await t.registry.deleteStateMachine(arn)).toBe(false);

      expect(await t.registry.getStateMachine(kept)).toBeDefined();
      expect(await t.registry.getStateMachineVersion(`${kept}:1`)).toBeDefined();
      expect(await t.registry.listTags(kept)).toEqual([{ key: 'team', value: 'travel' }]);
    });

    it('lists by name in byte order, limit + 1 rows when more exist', async () => {
      expect(await t.registry.listStateMachines({ limit: 10 })).toEqual([]);
      for (const name of unsortedNames) await t.registry.createStateMachine(stateMachineRecord(name));

      expect(names(await t.registry.listStateMachines({ limit: 10 }))).toEqual(namesInByteOrder);
      expect(await t.registry.listStateMachines({ limit: 10 })).toEqual(
        namesInByteOrder.map((n) => stateMachineRecord(n)),
      );
      expect(names(await t.registry.listStateMachines({ limit: 2 }))).toEqual(['Bravo', 'alpha', 'charlie']);
      expect(names(await t.registry.listStateMachines({ limit: 2, after: 'alpha' }))).toEqual([
        'charlie',
        'delta',
        'echo',
      ]);
      expect(names(await t.registry.listStateMachines({ limit: 2, after: 'charlie' }))).toEqual(['delta', 'echo']);
      expect(names(await t.registry.listStateMachines({ limit: 2, after: 'delta' }))).toEqual(['echo']);
      expect(await t.registry.listStateMachines({ limit: 2, after: 'echo' })).toEqual([]);
      await expect(t.registry.listStateMachines({ limit: 0 })).rejects.toThrow(TypeError);
    });
  });

  describe('state machine versions', () => {
    it('publishes versions 1, 2, 3 of the definition current at publication', async () => {
      const record = stateMachineRecord('trip');
      await t.registry.createStateMachine(record);
      const first = await t.registry.publishStateMachineVersion(arn, 'first', 2_000);
      expect(first).toEqual({
        stateMachineVersionArn: `${arn}:1`,
        stateMachineArn: arn,
        version: 1,
        definition: record.definition,
        roleArn: record.roleArn,
        description: 'first',
        revisionId: record.revisionId,
        creationDate: 2_000,
      });
      await t.registry.updateStateMachine(arn, { definition: '{"v":2}', updateDate: 2_500, revisionId: 'rev-2' });
      const second = await t.registry.publishStateMachineVersion(arn, null, 3_000);
      expect(second).toMatchObject({ version: 2, definition: '{"v":2}', revisionId: 'rev-2', description: null });
      expect((await t.registry.publishStateMachineVersion(arn, null, 4_000))?.version).toBe(3);

      expect(await t.registry.getStateMachineVersion(`${arn}:1`)).toEqual(first);
      expect(await t.registry.getStateMachineVersion(`${arn}:2`)).toEqual(second);
      expect(await t.registry.getStateMachineVersion(`${arn}:9`)).toBeUndefined();
      expect(await t.registry.publishStateMachineVersion(stateMachineArnOf('missing'), null, 1)).toBeUndefined();
    });

    it('never reuses a number, lists newest first and pages with limit + 1', async () => {
      await t.registry.createStateMachine(stateMachineRecord('trip'));
      for (let i = 0; i < 3; i += 1) await t.registry.publishStateMachineVersion(arn, null, i);
      expect(await t.registry.deleteStateMachineVersion(`${arn}:3`)).toBe(true);
      expect(await t.registry.deleteStateMachineVersion(`${arn}:3`)).toBe(false);
      expect((await t.registry.publishStateMachineVersion(arn, null, 9))?.version).toBe(4);

      const numbers = async (after?: string, limit = 10): Promise<number[]> =>
        (await t.registry.listStateMachineVersions(arn, { limit, ...(after === undefined ? {} : { after }) })).map(
          (v) => v.version,
        );
      expect(await numbers()).toEqual([4, 2, 1]);
      expect(await numbers(undefined, 1)).toEqual([4, 2]);
      expect(await numbers('4', 1)).toEqual([2, 1]);
      expect(await numbers('2', 1)).toEqual([1]);
      expect(await numbers('1', 1)).toEqual([]);
      expect(await t.registry.listStateMachineVersions(stateMachineArnOf('other'), { limit: 5 })).toEqual([]);
      await expect(t.registry.listStateMachineVersions(arn, { limit: 1, after: 'two' })).rejects.toThrow(TypeError);
    });

    it('gives concurrent publishers distinct numbers, across connections', async () => {
      await t.registry.createStateMachine(stateMachineRecord('trip'));
      const peer = await t.openPeer();
      const publishers = [t.registry, peer];
      const published = await Promise.all(
        Array.from({ length: 10 }, (_, i) => publishers[i % 2]!.publishStateMachineVersion(arn, `v-${i}`, i)),
      );
      const numbers = published.map((version) => version?.version).sort((a, b) => (a ?? 0) - (b ?? 0));
      expect(numbers).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      const listed = await t.registry.listStateMachineVersions(arn, { limit: 20 });
      expect(listed.map((v) => v.version)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    });
  });
}
