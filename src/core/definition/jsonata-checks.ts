import jsonata from 'jsonata';
import type { Json } from '../json.js';
import { childPath, indexPath, type ProblemList } from './problem-list.js';

const OPEN = '{%';
const CLOSE = '%}';

/** A JSONata expression is a string that starts exactly with `{%` and ends exactly with `%}`. */
export function isJsonataExpression(value: unknown): value is string {
  return typeof value === 'string' && value.length >= 4 && value.startsWith(OPEN) && value.endsWith(CLOSE);
}

/** jsonata throws plain objects `{ code, position, token, message }`, not Error instances. */
function isJsonataError(error: unknown): error is { code: string; position?: number; message: string } {
  const candidate = error as { code?: unknown; message?: unknown } | null;
  return typeof candidate === 'object' && candidate !== null && typeof candidate.code === 'string';
}

/**
 * Compiles the expression between the delimiters with JSONata 2.0.6 (the version AWS runs; compiling
 * is synchronous and free of I/O) and describes its syntax error, if any. The position is jsonata's:
 * the character offset, in the text between `{%` and `%}`, where it stopped.
 */
export function jsonataSyntaxProblem(expression: string): string | undefined {
  try {
    jsonata(expression);
    return undefined;
  } catch (error) {
    if (!isJsonataError(error)) return `JSONata expression '{%${expression}%}' could not be compiled: ${String(error)}`;
    const at = typeof error.position === 'number' ? ` at position ${error.position}` : '';
    return `JSONata syntax error in '{%${expression}%}': ${String(error.message)} (${error.code}${at})`;
  }
}

/**
 * Checks a string in a JSONata field: the `{% %}` delimiters (a string that opens must close
 * and the other way round; whitespace inside them is optional, as AWS's own samples write
 * `{%$f() %}`), a non-empty expression, and the JSONata syntax of the expression.
 */
export function jsonataStringProblem(text: string): string | undefined {
  const opens = text.startsWith(OPEN);
  const closes = text.endsWith(CLOSE);
  if (opens && !closes) {
    return `JSONata expression '${text}' is missing its closing '%}'`;
  }
  if (closes && !opens) {
    return `JSONata expression '${text}' is missing its opening '{%'`;
  }
  if (!opens) {
    return undefined;
  }
  const body = text.length >= 4 ? text.slice(2, -2) : '';
  return body.trim() === '' ? 'JSONata expression is empty' : jsonataSyntaxProblem(body);
}

/** Checks the delimiters and syntax of every string at any depth of a JSONata-capable value. */
export function checkJsonataStrings(problems: ProblemList, path: string, value: Json | undefined): void {
  if (typeof value === 'string') {
    const problem = jsonataStringProblem(value);
    if (problem !== undefined) {
      problems.add(path, problem);
    }
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => checkJsonataStrings(problems, indexPath(path, index), item));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      checkJsonataStrings(problems, childPath(path, key), item);
    }
  }
}
