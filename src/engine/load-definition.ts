import type { StateMachineDefinition } from '../core/definition/asl-types.js';
import { listTaskStates } from '../core/definition/list-task-states.js';
import { compileFlowText, isFlowText } from '../core/fdl/load-flow.js';
import type { DefinitionFormat } from '../core/definition/parse-definition.js';
import { prepareDefinition, type PreparedDefinition } from '../core/definition/prepare-definition.js';
import type { DefinitionProblem } from '../core/states-error.js';
import { UnwindError } from '../core/unwind-error.js';
import { unresolvableResource } from './resolve-resource.js';
import type { TaskHandlers } from './task-handler.js';

export interface LoadedDefinition {
  definition: StateMachineDefinition;
  /** JSON text of `definition` (placeholders substituted), to pin executions to. */
  text: string;
}

export interface LoadDefinitionOptions {
  /** 'json' (default) or 'yaml'. */
  format?: DefinitionFormat;
  /** Values of the `${Name}` placeholders; one left unfilled is a problem. */
  substitutions?: Readonly<Record<string, string>>;
}

function prepare(text: string, handlers: TaskHandlers | undefined, options: LoadDefinitionOptions): PreparedDefinition {
  if (isFlowText(text)) {
    // A flow (Serverless Workflow FDL) compiles to a state machine, which then goes through the same checks.
    const compiled = compileFlowText(text);
    if (!compiled.definition) return { problems: compiled.problems };
    return prepare(JSON.stringify(compiled.definition), handlers, { ...options, format: 'json' });
  }
  const prepared = prepareDefinition(text, options);
  if (prepared.problems.length > 0 || prepared.definition === undefined || !handlers) return prepared;
  return {
    ...prepared,
    problems: resourceProblems(prepared.definition as unknown as StateMachineDefinition, handlers),
  };
}

/** Every problem of a definition text: syntax, placeholders, ASL rules, and (given handlers) unresolvable resources. */
export function definitionProblems(
  text: string,
  handlers?: TaskHandlers,
  options: LoadDefinitionOptions = {},
): DefinitionProblem[] {
  return prepare(text, handlers, options).problems;
}

export function resourceProblems(definition: StateMachineDefinition, handlers: TaskHandlers): DefinitionProblem[] {
  return listTaskStates(definition).flatMap(({ path, state }) => {
    const why = unresolvableResource(state.Resource, state.Parameters ?? state.Arguments, handlers);
    return why ? [{ path: `${path}.Resource`, message: why }] : [];
  });
}

/** Parses, substitutes and checks a definition; throws UnwindError('InvalidDefinition') listing every problem. */
export function loadDefinition(
  text: string,
  handlers?: TaskHandlers,
  options: LoadDefinitionOptions = {},
): LoadedDefinition {
  const { problems, definition, text: json } = prepare(text, handlers, options);
  if (problems.length > 0 || definition === undefined || json === undefined) {
    const lines = problems.map((problem) => `  ${problem.path}: ${problem.message}`).join('\n');
    throw new UnwindError('InvalidDefinition', `The definition has ${problems.length} problem(s):\n${lines}`, problems);
  }
  return { definition: definition as unknown as StateMachineDefinition, text: json };
}

/**
 * Loads a definition text whatever it is: a flow (Serverless Workflow FDL, detected by its `type: flow`
 * header), ASL JSON, or ASL YAML (any text not starting with `{`). For callers that have no file name,
 * such as the server's CreateStateMachine.
 */
export function loadFlowOrDefinition(
  text: string,
  handlers?: TaskHandlers,
  options: Omit<LoadDefinitionOptions, 'format'> = {},
): LoadedDefinition {
  const json = isFlowText(text) || /^\uFEFF?\s*\{/.test(text);
  return loadDefinition(text, handlers, { ...options, format: json ? 'json' : 'yaml' });
}
