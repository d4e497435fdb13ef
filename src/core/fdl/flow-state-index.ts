import type { ScopeDefinition, StateDefinition, StateMachineDefinition } from '../definition/asl-types.js';
import { readMetadata, type FlowMetadata } from './flow-metadata.js';

/** A state of a compiled flow, with what it stands for and the states (steps) that enclose it. */
export interface FlowStateInfo {
  state: StateDefinition;
  metadata: FlowMetadata | undefined;
  /** ASL names of the Parallel/Map states around this state, outermost first. */
  ancestors: string[];
  /** Set for the states of a parallel branch: which step and which branch. */
  branch?: { name: string; index: number };
}

export type FlowStateIndex = Map<string, FlowStateInfo>;

function addScope(
  index: FlowStateIndex,
  scope: ScopeDefinition,
  ancestors: string[],
  branch: FlowStateInfo['branch'],
): void {
  for (const [name, state] of Object.entries(scope.States)) {
    const metadata = readMetadata(state.Comment);
    index.set(name, { state, metadata, ancestors, ...(branch ? { branch } : {}) });
    const stepName = metadata?.fdl === 'step' ? metadata.name : name;
    if (state.Type === 'Parallel') {
      state.Branches.forEach((nested, position) =>
        addScope(index, nested, [...ancestors, name], { name: stepName, index: position }),
      );
    }
    const processor = state.Type === 'Map' ? (state.ItemProcessor ?? state.Iterator) : undefined;
    if (processor) addScope(index, processor, [...ancestors, name], undefined);
  }
}

/** Every state of a compiled flow by ASL name. */
export function indexFlowStates(definition: StateMachineDefinition): FlowStateIndex {
  const index: FlowStateIndex = new Map();
  addScope(index, definition, [], undefined);
  return index;
}
