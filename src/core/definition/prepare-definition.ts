import type { Json } from '../json.js';
import type { DefinitionProblem } from '../states-error.js';
import { parseDefinition, type DefinitionFormat } from './parse-definition.js';
import { substitutePlaceholders } from './substitute-placeholders.js';
import { validateDefinition, type ValidateDefinitionOptions } from './validate-definition.js';

export interface PrepareDefinitionOptions extends ValidateDefinitionOptions {
  /** The text format; defaults to 'json'. */
  format?: DefinitionFormat;
  /** Values for the `${Name}` placeholders of the definition (see substitute-placeholders.ts). */
  substitutions?: Readonly<Record<string, string>>;
}

export interface PreparedDefinition {
  /** The parsed definition with its placeholders substituted; absent when the text cannot be parsed. */
  definition?: Json;
  /** Every problem: syntax and duplicate keys, unfilled placeholders, ASL rules. */
  problems: DefinitionProblem[];
  /**
   * The JSON text to store with executions: the text itself when it is JSON (without a byte order mark)
   * and no placeholder was replaced, otherwise JSON.stringify of `definition`. It never depends on YAML or placeholders.
   */
  text?: string;
}

/**
 * Parses a definition text (JSON or YAML), substitutes its placeholders and validates it. Syntax
 * errors and duplicate keys stop there; unfilled placeholders are reported with the ASL problems
 * of the definition (whose unfilled placeholders are left in place).
 */
export function prepareDefinition(text: string, options: PrepareDefinitionOptions = {}): PreparedDefinition {
  const format = options.format ?? 'json';
  const parsed = parseDefinition(text, { format });
  if (parsed.problems.length > 0 || parsed.definition === undefined) return { problems: parsed.problems };
  const substituted = substitutePlaceholders(parsed.definition as Json, options.substitutions);
  const definition = substituted.definition;
  const problems = [...substituted.problems, ...validateDefinition(definition, options)];
  const unchanged = format === 'json' && substituted.replaced === 0 && !text.startsWith('\uFEFF');
  return { definition, problems, text: unchanged ? text : JSON.stringify(definition) };
}
