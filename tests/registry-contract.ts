import { afterEach, beforeEach, describe, expect } from 'vitest';

import type { Registry } from '../src/store/registry-port.js';
import type { Store } from '../src/store/store-port.js';
import { activityContract } from './registry-contract-activities.js';
import type { RegistryContractContext } from './registry-contract-context.js';
import { stateMachineContract } from './registry-contract-state-machines.js';
import { tagContract } from './registry-contract-tags.js';

export interface RegistryContractDatabase {
  /** A store on a fresh database (the suite migrates it). */
  store: Store;
  /** Another store on the same database, through its own connection(s). */
  openPeer(): Promise<Store>;
  /** Closes every store and removes what the factory created. */
  cleanup(): Promise<void>;
}

/** The suite every adapter's `Store.registry` passes (src/store/registry-port.ts). */
export function runRegistryContract(name: string, openDatabase: () => Promise<RegistryContractDatabase>): void {
  describe(`Registry contract: ${name}`, () => {
    let database: RegistryContractDatabase;
    let registry: Registry;

    beforeEach(async () => {
      database = await openDatabase();
      await database.store.migrate();
      registry = registryOf(database.store);
    });

    afterEach(async () => {
      await database.cleanup();
    });

    const t: RegistryContractContext = {
      get registry() {
        return registry;
      },
      async openPeer() {
        const peer = await database.openPeer();
        await peer.migrate();
        return registryOf(peer);
      },
    };

    stateMachineContract(t);
    activityContract(t);
    tagContract(t);
  });
}

function registryOf(store: Store): Registry {
  expect(store.registry, 'the store provides a registry').toBeDefined();
  return store.registry!;
}
