import type { Json } from '../json.js';
import type { DefinitionProblem } from '../states-error.js';
import { childPath, indexPath } from './problem-list.js';

/**
 * A definition substitution placeholder (the `DefinitionSubstitutions` convention of AWS SAM and
 * CloudFormation): `${` + a name of letters, digits and `_ . : -` + `}`, whole or inside any string
 * value at any depth. Keys are never substituted. There is no escape: every `${Name}` of this exact
 * form is a placeholder, also inside a `{% %}` JSONata expression or an intrinsic function call. Those
 * can hold `$` and braces (`$states.input`, `States.Format('{}', $.a)`, `${'k': v}`) but only the exact
 * form above is taken: a space, a quote or any other character between the braces makes it literal text.
 */
export const PLACEHOLDER_NAME = /^[A-Za-z0-9_.:-]+$/;
const PLACEHOLDER = /\$\{([A-Za-z0-9_.:-]+)\}/g;

/** One placeholder found in a definition. */
export interface PlaceholderUse {
  name: string;
  /** The JSON path of the string that holds it. */
  path: string;
  /** True when the placeholder is the whole string, as in `"Resource": "${PayFunctionArn}"`. */
  whole: boolean;
}

export interface SubstitutionResult {
  /** The definition with every filled placeholder replaced (a new value; the input is left as it was). */
  definition: Json;
  /** One problem per unfilled placeholder, at the path of its string. */
  problems: DefinitionProblem[];
  /** How many placeholders were replaced. */
  replaced: number;
}

type StringVisitor = (text: string, path: string) => string;

/** A copy of `value` with every string value passed through `visit` (keys are kept as they are). */
function mapStrings(value: Json, path: string, visit: StringVisitor): Json {
  if (typeof value === 'string') return visit(value, path);
  if (Array.isArray(value)) return value.map((item, index) => mapStrings(item, indexPath(path, index), visit));
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, Json> = {};
  for (const [key, item] of Object.entries(value)) {
    const mapped = mapStrings(item, childPath(path, key), visit);
    Object.defineProperty(copy, key, { value: mapped, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

/** Every `${Name}` placeholder in the string values of a definition, in document order. */
export function findPlaceholders(definition: Json): PlaceholderUse[] {
  const uses: PlaceholderUse[] = [];
  mapStrings(definition, '$', (text, path) => {
    for (const match of text.matchAll(PLACEHOLDER)) {
      uses.push({ name: match[1] ?? '', path, whole: match[0] === text });
    }
    return text;
  });
  return uses;
}

/**
 * Replaces every `${Name}` placeholder (see PLACEHOLDER_NAME) in the string values of a definition
 * with `substitutions[Name]`. Values are inserted as they are and not scanned again. A placeholder
 * without a substitution stays in place and is reported as `unfilled placeholder ${Name}` at the path
 * of its string; substitutions that no placeholder uses are ignored.
 */
export function substitutePlaceholders(
  definition: Json,
  substitutions: Readonly<Record<string, string>> = {},
): SubstitutionResult {
  const problems: DefinitionProblem[] = [];
  let replaced = 0;
  const substituted = mapStrings(definition, '$', (text, path) =>
    text.replace(PLACEHOLDER, (placeholder, name: string) => {
      if (!Object.prototype.hasOwnProperty.call(substitutions, name)) {
        problems.push({ path, message: `unfilled placeholder ${placeholder}` });
        return placeholder;
      }
      replaced++;
      return substitutions[name] ?? placeholder;
    }),
  );
  return { definition: substituted, problems, replaced };
}
