import { isJsonObject, type Json, type JsonObject } from '../json.js';
import { childPath, type ProblemList } from './problem-list.js';

/** The variable names an Assign block declares (`name.$` declares `name`). */
function assignedNames(assign: Json | undefined): string[] {
  return isJsonObject(assign) ? Object.keys(assign).map((key) => key.replace(/\.\$$/, '')) : [];
}

/** Every Assign of a state that assigns in the state's own scope: its own, its Choice rules', its catchers'. */
function stateAssigns(state: JsonObject, statePath: string): { path: string; assign: Json | undefined }[] {
  const found = [{ path: childPath(statePath, 'Assign'), assign: state.Assign }];
  for (const field of ['Choices', 'Catch'] as const) {
    const list = state[field];
    if (!Array.isArray(list)) continue;
    list.forEach((item, index) => {
      if (isJsonObject(item))
        found.push({ path: `${childPath(statePath, field)}[${index}].Assign`, assign: item.Assign });
    });
  }
  return found;
}

/** The inner scopes of a state: Parallel branches, the Map's ItemProcessor (or Iterator). */
function innerScopes(state: JsonObject, statePath: string): { scope: JsonObject; path: string }[] {
  if (state.Type === 'Parallel' && Array.isArray(state.Branches)) {
    return state.Branches.flatMap((branch, index) =>
      isJsonObject(branch) ? [{ scope: branch, path: `${childPath(statePath, 'Branches')}[${index}]` }] : [],
    );
  }
  if (state.Type !== 'Map') return [];
  return (['ItemProcessor', 'Iterator'] as const).flatMap((field) => {
    const scope = state[field];
    return isJsonObject(scope) ? [{ scope, path: childPath(statePath, field) }] : [];
  });
}

function statesOf(scope: JsonObject, path: string): [string, JsonObject, string][] {
  if (!isJsonObject(scope.States)) return [];
  const statesPath = childPath(path, 'States');
  return Object.entries(scope.States).flatMap(([name, state]) =>
    isJsonObject(state) ? [[name, state, childPath(statesPath, name)] as [string, JsonObject, string]] : [],
  );
}

/**
 * Variables of an outer scope must not be assigned again inside a Parallel branch or a Map iteration
 * (AWS: names are unique across a scope and the scopes nested in it; no shadowing). Reports each
 * inner Assign of a name that an enclosing scope assigns.
 */
export function checkVariableScopes(
  problems: ProblemList,
  scope: JsonObject,
  path: string,
  outer: ReadonlySet<string>,
): void {
  const own = new Set<string>();
  const states = statesOf(scope, path);
  for (const [, state, statePath] of states) {
    for (const { path: assignPath, assign } of stateAssigns(state, statePath)) {
      for (const name of assignedNames(assign)) {
        if (outer.has(name)) {
          problems.add(
            assignPath,
            `variable '${name}' is assigned in an outer scope and cannot be assigned again in a Parallel branch or Map iteration`,
          );
        }
        own.add(name);
      }
    }
  }
  const visible = new Set([...outer, ...own]);
  for (const [, state, statePath] of states) {
    for (const inner of innerScopes(state, statePath)) checkVariableScopes(problems, inner.scope, inner.path, visible);
  }
}
