import type { DefinitionProblem } from '../states-error.js';
import { JsonSyntaxError, JsonTextParser, lineColumn } from './json-text-parser.js';
import { parseYamlDefinition } from './parse-yaml.js';

/** The text formats a definition may be written in. */
export type DefinitionFormat = 'json' | 'yaml';

export interface ParseDefinitionOptions {
  /** Defaults to 'json'. */
  format?: DefinitionFormat;
}

export interface ParsedDefinition {
  definition?: unknown;
  problems: DefinitionProblem[];
}

const YAML_EXTENSION = /\.ya?ml$/i;

/** The format of a definition file by its name: `.yaml` or `.yml` (so `.asl.yaml` too) is YAML, anything else JSON. */
export function definitionFormatOf(fileName: string): DefinitionFormat {
  return YAML_EXTENSION.test(fileName) ? 'yaml' : 'json';
}

function located(text: string, message: string, offset: number): string {
  const { line, column } = lineColumn(text, offset);
  return `${message} (line ${line}, column ${column})`;
}

function parseJsonDefinition(text: string): ParsedDefinition {
  const parser = new JsonTextParser(text);
  try {
    const definition = parser.parseDocument();
    const problems = parser.duplicates.map((duplicate) => ({
      path: duplicate.path,
      message: located(text, `duplicate key '${duplicate.key}'`, duplicate.offset),
    }));
    return { definition, problems };
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      return { problems: [{ path: '$', message: located(text, `invalid JSON: ${error.message}`, error.offset) }] };
    }
    throw error;
  }
}

/**
 * Parses the JSON (default) or YAML text of a definition. Unlike JSON.parse it reports every
 * duplicate key (located by the JSON path of the object that holds it) and the line and column
 * of a syntax error. `definition` is absent only when the text cannot be read as JSON; with
 * duplicate keys it is still returned (later duplicates win) so that it can be validated.
 * YAML is read with the core schema into plain JSON (see parse-yaml.ts).
 */
export function parseDefinition(text: string, options: ParseDefinitionOptions = {}): ParsedDefinition {
  return options.format === 'yaml' ? parseYamlDefinition(text) : parseJsonDefinition(text);
}

/** Parses a definition text in the format its source file name implies (see definitionFormatOf). */
export function parseDefinitionText(text: string, sourceName: string): ParsedDefinition {
  return parseDefinition(text, { format: definitionFormatOf(sourceName) });
}
