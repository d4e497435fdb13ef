import { describe, expect, it } from 'vitest';

import type { RegistryContractContext } from './registry-contract-context.js';
import { activityArnOf, stateMachineArnOf } from './registry-contract-fixtures.js';

/** Tags of any resource ARN. */
export function tagContract(t: RegistryContractContext): void {
  const trip = stateMachineArnOf('trip');
  const card = activityArnOf('charge-card');

  describe('tags', () => {
    it('adds, overwrites and lists tags ordered by key (byte order)', async () => {
      expect(await t.registry.listTags(trip)).toEqual([]);
      await t.registry.tagResource(trip, [
        { key: 'team', value: 'travel' },
        { key: 'Owner', value: 'ana' },
        { key: 'cost-center', value: '42' },
      ]);
      await t.registry.tagResource(trip, [
        { key: 'team', value: 'bookings' },
        { key: 'env', value: 'prod' },
      ]);
      expect(await t.registry.listTags(trip)).toEqual([
        { key: 'Owner', value: 'ana' },
        { key: 'cost-center', value: '42' },
        { key: 'env', value: 'prod' },
        { key: 'team', value: 'bookings' },
      ]);
    });

    it('keeps the last value of a key given twice in one call', async () => {
      await t.registry.tagResource(trip, [
        { key: 'env', value: 'test' },
        { key: 'env', value: 'prod' },
      ]);
      expect(await t.registry.listTags(trip)).toEqual([{ key: 'env', value: 'prod' }]);
    });

    it('removes the given keys and ignores missing ones', async () => {
      await t.registry.tagResource(trip, [
        { key: 'a', value: '1' },
        { key: 'b', value: '2' },
        { key: 'c', value: '3' },
      ]);
      await t.registry.untagResource(trip, ['a', 'c', 'missing']);
      expect(await t.registry.listTags(trip)).toEqual([{ key: 'b', value: '2' }]);
      await t.registry.untagResource(trip, []);
      await t.registry.tagResource(trip, []);
      expect(await t.registry.listTags(trip)).toEqual([{ key: 'b', value: '2' }]);
    });

    it('keeps the tags of different resources apart', async () => {
      await t.registry.tagResource(trip, [{ key: 'team', value: 'travel' }]);
      await t.registry.tagResource(card, [
        { key: 'team', value: 'payments' },
        { key: 'pci', value: 'yes' },
      ]);
      await t.registry.untagResource(trip, ['team']);
      expect(await t.registry.listTags(trip)).toEqual([]);
      expect(await t.registry.listTags(card)).toEqual([
        { key: 'pci', value: 'yes' },
        { key: 'team', value: 'payments' },
      ]);
    });
  });
}
