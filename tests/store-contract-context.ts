import type { Store } from '../src/store/store-port.js';
import type { CreateOptions } from './store-contract-fixtures.js';

/** What the parts of the store contract share: the store under test and two helpers. */
export interface StoreContractContext {
  readonly store: Store;
  createExecution(executionName: string, options?: CreateOptions): Promise<string>;
  snapshotOf(executionArn: string): Promise<unknown>;
}
