import type { Registry } from '../src/store/registry-port.js';

/** What the parts of the registry contract share. */
export interface RegistryContractContext {
  /** The registry of a fresh, migrated database. */
  readonly registry: Registry;
  /** The registry of another store on the same database (its own connections), migrated. */
  openPeer(): Promise<Registry>;
}
