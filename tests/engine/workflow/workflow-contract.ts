import { afterEach } from 'vitest';
import type { StoreKind } from '../../helpers/engine-fixture.js';
import { concurrencyContract } from './workflow-contract-concurrency.js';
import { durabilityContract } from './workflow-contract-durability.js';
import { executionApiContract } from './workflow-contract-executions.js';
import { httpContract } from './workflow-contract-http.js';
import { outcomeContract } from './workflow-contract-outcomes.js';
import { retryContract } from './workflow-contract-retries.js';
import { WorkflowWorld } from './workflow-world.js';
import type { EngineOptions } from '../../../src/engine/engine-options.js';

/** Makes a world (a fresh database) that is closed after the test. */
export type WorldFactory = (options?: Partial<EngineOptions>) => Promise<WorkflowWorld>;

/** The code-workflow suite, run on each store adapter (`sqlite-workflows.test.ts`, `postgres-workflows.test.ts`). */
export function runWorkflowContract(kind: StoreKind): void {
  const worlds: WorkflowWorld[] = [];
  afterEach(async () => {
    for (const world of worlds.splice(0)) await world.close();
  });
  const newWorld: WorldFactory = (options = {}) => {
    const world = new WorkflowWorld(kind, options);
    worlds.push(world);
    return Promise.resolve(world);
  };
  outcomeContract(newWorld);
  concurrencyContract(newWorld);
  durabilityContract(newWorld);
  retryContract(newWorld);
  httpContract(newWorld);
  executionApiContract(newWorld);
}
