import type { ScopeDefinition, StateDefinition, StateMachineDefinition, TaskState } from './asl-types.js';
import { childPath, indexPath } from './problem-list.js';

export interface TaskStateEntry {
  /** JSON path of the state, e.g. `$.States.Book.Branches[0].States.Pay`. */
  path: string;
  name: string;
  state: TaskState;
}

function nestedScopes(state: StateDefinition, path: string): [ScopeDefinition, string][] {
  if (state.Type === 'Parallel') {
    return state.Branches.map((branch, index) => [branch, indexPath(childPath(path, 'Branches'), index)]);
  }
  if (state.Type === 'Map') {
    const field = state.ItemProcessor !== undefined ? 'ItemProcessor' : 'Iterator';
    const processor = state.ItemProcessor ?? state.Iterator;
    return processor === undefined ? [] : [[processor, childPath(path, field)]];
  }
  return [];
}

function collect(scope: ScopeDefinition, scopePath: string, found: TaskStateEntry[]): void {
  for (const [name, state] of Object.entries(scope.States)) {
    const path = childPath(childPath(scopePath, 'States'), name);
    if (state.Type === 'Task') {
      found.push({ path, name, state });
    }
    for (const [nested, nestedPath] of nestedScopes(state, path)) {
      collect(nested, nestedPath, found);
    }
  }
}

/**
 * Every Task state of a validated definition, in all scopes (Parallel branches, Map
 * processors), in document order, depth first. The engine uses it to check that each
 * Resource resolves before an execution starts.
 */
export function listTaskStates(definition: StateMachineDefinition): TaskStateEntry[] {
  const found: TaskStateEntry[] = [];
  collect(definition, '$', found);
  return found;
}
