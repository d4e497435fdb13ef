import type { StateMachineDefinition } from '../../src/core/definition/asl-types.js';
import { flowHistory, type FlowHistoryEvent } from '../../src/core/fdl/flow-history.js';
import type { Json } from '../../src/core/json.js';
import { loadFlowOrDefinition } from '../../src/engine/load-definition.js';
import type { TaskHandlers } from '../../src/engine/task-handler.js';
import { createEngineFixture, type EngineFixture, type ExecutionResult } from '../helpers/engine-fixture.js';

/** An engine on a real SQLite file with a manual clock, running flows and reading their histories as the flow's events. */
export interface FlowRun extends ExecutionResult {
  flowEvents: FlowHistoryEvent[];
}

export interface FlowKit {
  fixture: EngineFixture;
  load(text: string): StateMachineDefinition;
  run(text: string, input?: Json): Promise<FlowRun>;
  close(): Promise<void>;
}

export async function createFlowKit(handlers: TaskHandlers): Promise<FlowKit> {
  const fixture = await createEngineFixture(handlers);
  const load = (text: string): StateMachineDefinition => loadFlowOrDefinition(text, handlers).definition;
  return {
    fixture,
    load,
    run: async (text, input = {}) => {
      const definition = load(text);
      const result = await fixture.run(definition, input);
      return { ...result, flowEvents: flowHistory(definition, result.events) };
    },
    close: () => fixture.close(),
  };
}

/** `Type StepName` per event, the shape the assertions compare. */
export function outline(events: readonly FlowHistoryEvent[]): string[] {
  return events.map((event) => `${event.type}${event.stepName ? ` ${event.stepName}` : ''}`);
}

/** The events of one step, of one type. */
export function eventsOf(events: readonly FlowHistoryEvent[], type: string, stepName: string): FlowHistoryEvent[] {
  return events.filter((event) => event.type === type && event.stepName === stepName);
}
