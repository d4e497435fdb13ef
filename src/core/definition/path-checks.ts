import { isReferencePath, parsePath, PathSyntaxError, type ParsedPath } from '../data/json-path.js';
import { has, report } from './field-checks.js';
import type { NodeInput } from './validation-context.js';

/** `path`: any JSONPath; `reference`: a path that identifies a single node. */
export type PathKind = 'path' | 'reference';

type ParseOutcome = { parsed: ParsedPath } | { problem: string };

function tryParse(text: string): ParseOutcome {
  if (!text.startsWith('$')) {
    return { problem: `'${text}' is not a path (a path starts with '$')` };
  }
  try {
    return { parsed: parsePath(text) };
  } catch (error) {
    if (error instanceof PathSyntaxError) {
      return { problem: error.message };
    }
    throw error;
  }
}

function referenceProblem(text: string, parsed: ParsedPath): string | undefined {
  if (isReferencePath(parsed)) {
    return undefined;
  }
  return `'${text}' must be a reference path: a single node, without wildcards, filters, slices, unions or '..'`;
}

/** Why `text` is not a valid path of that kind, or undefined. */
export function pathProblem(text: string, kind: PathKind): string | undefined {
  const outcome = tryParse(text);
  if ('problem' in outcome) {
    return outcome.problem;
  }
  return kind === 'reference' ? referenceProblem(text, outcome.parsed) : undefined;
}

export interface PathFieldOptions {
  kind: PathKind;
  /** null is meaningful for InputPath, OutputPath and ResultPath. */
  nullable?: boolean;
}

/** Checks a field whose value is a path, e.g. InputPath, ItemsPath, TimeoutSecondsPath. */
export function checkPathField(input: NodeInput, field: string, options: PathFieldOptions): void {
  if (!has(input, field)) {
    return;
  }
  const value = input.node[field];
  if (value === null && options.nullable === true) {
    return;
  }
  if (typeof value !== 'string') {
    report(input, field, `${field} must be a path string${options.nullable === true ? ' or null' : ''}`);
    return;
  }
  const problem = pathProblem(value, options.kind);
  if (problem !== undefined) {
    report(input, field, `${field}: ${problem}`);
  }
}

function resultPathProblem(text: string): string | undefined {
  const outcome = tryParse(text);
  if ('problem' in outcome) {
    return outcome.problem;
  }
  if (outcome.parsed.root === '$$') {
    return `'${text}' cannot write into the context object ($$)`;
  }
  if (outcome.parsed.root === 'variable') {
    return `'${text}' cannot write into a variable (use Assign)`;
  }
  return referenceProblem(text, outcome.parsed);
}

/** ResultPath: null, or a reference path into the state input (not `$$`, not a variable). */
export function checkResultPath(input: NodeInput, field = 'ResultPath'): void {
  const value = has(input, field) ? input.node[field] : null;
  if (value === null) {
    return;
  }
  if (typeof value !== 'string') {
    report(input, field, `${field} must be a reference path string or null`);
    return;
  }
  const problem = resultPathProblem(value);
  if (problem !== undefined) {
    report(input, field, `${field}: ${problem}`);
  }
}
