import type { StateMachineDefinition } from '../core/definition/asl-types.js';
import type { DefinitionFormat } from '../core/definition/parse-definition.js';
import { prepareDefinition, type PreparedDefinition } from '../core/definition/prepare-definition.js';
import { compileFlowText, isFlowText } from '../core/fdl/load-flow.js';
import type { DefinitionProblem } from '../core/states-error.js';
import { ApiError } from './api-error.js';

/** A definition the API accepted: parsed, and the JSON text executions are pinned to. */
export interface CheckedDefinition {
  definition: StateMachineDefinition;
  text: string;
}

export interface DefinitionDiagnostic {
  severity: 'ERROR' | 'WARNING';
  code: string;
  message: string;
  /** The JSON path of the problem, e.g. `$.States.Pay.Next`. */
  location: string;
}

/** API definitions are ASL JSON; a text that does not start with `{` is read as YAML (a YAML ASL or flow). */
export function definitionFormatOfText(text: string): DefinitionFormat {
  return text.trimStart().startsWith('{') ? 'json' : 'yaml';
}

function codeOf(problem: DefinitionProblem): string {
  if (problem.path === '$' && problem.message.startsWith('invalid JSON')) return 'INVALID_JSON_DESCRIPTION';
  return 'SCHEMA_VALIDATION_FAILED';
}

export function diagnosticsOf(problems: readonly DefinitionProblem[]): DefinitionDiagnostic[] {
  return problems.map((problem) => ({
    severity: 'ERROR',
    code: codeOf(problem),
    message: problem.message,
    location: problem.path,
  }));
}

/**
 * Parses and checks any definition text the API accepts: ASL (JSON, or YAML) or a Serverless Workflow
 * flow (`type: flow`), which compiles to ASL first; problems of a flow carry its lines and columns.
 * `text` of the result is the ASL JSON that executions are pinned to.
 */
export function prepareAnyDefinition(text: string): PreparedDefinition {
  if (!isFlowText(text)) return prepareDefinition(text, { format: definitionFormatOfText(text) });
  const compiled = compileFlowText(text);
  if (!compiled.definition) return { problems: compiled.problems };
  return prepareDefinition(JSON.stringify(compiled.definition), { format: 'json' });
}

/** Every problem of a definition text: syntax, duplicate keys, unfilled placeholders, ASL or flow rules. */
export function definitionTextProblems(text: string): {
  problems: DefinitionProblem[];
  checked?: CheckedDefinition;
} {
  const prepared = prepareAnyDefinition(text);
  if (prepared.problems.length > 0 || prepared.definition === undefined || prepared.text === undefined)
    return { problems: prepared.problems };
  return {
    problems: [],
    checked: { definition: prepared.definition as unknown as StateMachineDefinition, text: prepared.text },
  };
}

/** Parses and validates a definition; InvalidDefinition listing every problem with its JSON path. */
export function checkDefinition(text: string): CheckedDefinition {
  const { problems, checked } = definitionTextProblems(text);
  if (checked) return checked;
  const listed = diagnosticsOf(problems)
    .map((diagnostic) => `'${diagnostic.code}: ${diagnostic.message} at ${diagnostic.location}'`)
    .join(', ');
  throw new ApiError('InvalidDefinition', `Invalid State Machine Definition: ${listed}`);
}

/** Checked definitions by text: a state machine's definition is parsed once, not at every StartExecution. */
export class CheckedDefinitionCache {
  private readonly entries = new Map<string, CheckedDefinition>();

  constructor(private readonly capacity = 64) {}

  get(text: string): CheckedDefinition {
    const known = this.entries.get(text);
    if (known) {
      this.entries.delete(text);
      this.entries.set(text, known);
      return known;
    }
    const checked = checkDefinition(text);
    this.entries.set(text, checked);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return checked;
  }
}
