import type { Engine, Json } from '../src/index.js';
import { SAGA_INPUT, SAGA_STEPS } from './saga-definition.js';

/** The name the benchmark registers its code-first saga under. */
export const WORKFLOW_NAME = 'bench-saga-workflow';

const noop = (): Promise<Json> => Promise.resolve({ ok: true });

/**
 * The code-first twin of the ASL bench saga: 5 recorded saga branches, one per Task state, each a
 * no-op action returning `{ ok: true }` stored under its step's name (as the states' ResultPath), each
 * with a no-op compensation that never runs (the saga commits).
 */
export function registerWorkflowSaga(engine: Engine): void {
  engine.registerWorkflow(WORKFLOW_NAME, async (wf, input: Record<string, Json>) => {
    let state: Record<string, Json> = { ...input };
    for (const step of SAGA_STEPS) {
      state = { ...state, [step]: await wf.saga(step, { action: noop, compensate: noop }) };
    }
    return state;
  });
}

export { SAGA_INPUT };
