import type { ScopeDefinition, StateDefinition, StateMachineDefinition } from '../definition/asl-types.js';

/** Every States map of a definition by key: '' for the machine, '<name>#<i>' for branches, '<name>' for Map. */
export type StateIndex = Map<string, ScopeDefinition>;

const cache = new WeakMap<StateMachineDefinition, StateIndex>();

export function indexDefinition(definition: StateMachineDefinition): StateIndex {
  const known = cache.get(definition);
  if (known) return known;
  const index: StateIndex = new Map();
  addScope(index, '', definition);
  cache.set(definition, index);
  return index;
}

function addScope(index: StateIndex, key: string, scope: ScopeDefinition): void {
  index.set(key, scope);
  for (const [name, state] of Object.entries(scope.States)) {
    if (state.Type === 'Parallel') state.Branches.forEach((branch, i) => addScope(index, `${name}#${i}`, branch));
    if (state.Type === 'Map') {
      const processor = state.ItemProcessor ?? state.Iterator;
      if (processor) addScope(index, name, processor);
    }
  }
}

export function lookupState(index: StateIndex, statesKey: string, name: string): StateDefinition {
  const state = index.get(statesKey)?.States[name];
  if (!state) throw new Error(`state '${name}' not found in scope '${statesKey}'`);
  return state;
}
