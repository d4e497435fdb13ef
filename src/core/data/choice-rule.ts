import type { Json } from '../json.js';
import type { ChoiceRule } from '../definition/asl-types.js';
import { StatesError } from '../states-error.js';
import { evaluatePath, PathSyntaxError, readPath } from './json-path.js';
import type { PathResult } from './json-path.js';
import type { PathContext } from './path-context.js';
import { parseTimestamp } from './timestamp.js';

type ComparisonKind = 'String' | 'Numeric' | 'Timestamp' | 'Boolean';
type Relation = 'Equals' | 'LessThan' | 'GreaterThan' | 'LessThanEquals' | 'GreaterThanEquals';

const RELATION_TESTS: Readonly<Record<Relation, (order: number) => boolean>> = {
  Equals: (order) => order === 0,
  LessThan: (order) => order < 0,
  GreaterThan: (order) => order > 0,
  LessThanEquals: (order) => order <= 0,
  GreaterThanEquals: (order) => order >= 0,
};
const RELATIONS = Object.keys(RELATION_TESTS) as Relation[];

const TYPE_TESTS: Readonly<Record<string, (value: Json) => boolean>> = {
  IsNull: (value) => value === null,
  IsNumeric: (value) => typeof value === 'number',
  IsString: (value) => typeof value === 'string',
  IsBoolean: (value) => typeof value === 'boolean',
  IsTimestamp: (value) => typeof value === 'string' && parseTimestamp(value) !== undefined,
};

/** `StringLessThan` → String + LessThan, `BooleanEquals` → Boolean + Equals (without the Path suffix). */
const COMPARISONS = new Map<string, { kind: ComparisonKind; relation: Relation }>([
  ...(['String', 'Numeric', 'Timestamp'] as const).flatMap((kind) =>
    RELATIONS.map((relation) => [`${kind}${relation}`, { kind, relation }] as const),
  ),
  ['BooleanEquals', { kind: 'Boolean', relation: 'Equals' }],
]);

/** Every data-test operator a Choice rule may use (JSONPath mode). */
export const CHOICE_OPERATORS: readonly string[] = [
  ...[...COMPARISONS.keys()].flatMap((name) => [name, `${name}Path`]),
  'StringMatches',
  'IsPresent',
  ...Object.keys(TYPE_TESTS),
];

/**
 * Evaluates a Choice rule: And/Or (short-circuit), Not, or a data test (Variable + one operator).
 * A Variable that matches nothing makes every test false except `IsPresent: false`; values of
 * the wrong type compare false. A `...Path` operand that matches nothing, or a malformed rule,
 * throws StatesError('States.Runtime').
 */
export function evaluateChoiceRule(rule: ChoiceRule, ctx: PathContext): boolean {
  if (rule.And !== undefined) return rule.And.every((nested) => evaluateChoiceRule(nested, ctx));
  if (rule.Or !== undefined) return rule.Or.some((nested) => evaluateChoiceRule(nested, ctx));
  if (rule.Not !== undefined) return !evaluateChoiceRule(rule.Not, ctx);
  return evaluateDataTest(rule, ctx);
}

function evaluateDataTest(rule: ChoiceRule, ctx: PathContext): boolean {
  const operator = findOperator(rule);
  if (typeof rule.Variable !== 'string') throw invalidRule(`the operator ${operator} needs a Variable`);
  const variable = evaluateVariable(rule.Variable, ctx);
  const operand = rule[operator] as Json;
  if (operator === 'IsPresent') return variable.found === expectBoolean(operator, operand);
  if (!variable.found) return false;
  const typeTest = TYPE_TESTS[operator];
  if (typeTest !== undefined) return typeTest(variable.value) === expectBoolean(operator, operand);
  const isPath = operator.endsWith('Path');
  const name = isPath ? operator.slice(0, -'Path'.length) : operator;
  const expected = isPath ? readOperandPath(operator, operand, ctx) : operand;
  if (name === 'StringMatches') return stringMatches(variable.value, expected);
  const comparison = COMPARISONS.get(name);
  if (comparison === undefined) throw invalidRule(`unknown operator ${operator}`);
  return compareValues(comparison.kind, comparison.relation, variable.value, expected);
}

function findOperator(rule: ChoiceRule): string {
  const operators = Object.keys(rule).filter((key) => CHOICE_OPERATORS.includes(key));
  const [operator] = operators;
  if (operator === undefined) throw invalidRule('a rule needs And, Or, Not or a comparison operator');
  if (operators.length > 1) throw invalidRule(`a rule takes exactly one operator but has ${operators.join(', ')}`);
  return operator;
}

function invalidRule(detail: string): StatesError {
  return new StatesError('States.Runtime', `Invalid Choice rule: ${detail}`);
}

function expectBoolean(operator: string, operand: Json): boolean {
  if (typeof operand !== 'boolean') throw invalidRule(`${operator} takes a boolean`);
  return operand;
}

function evaluateVariable(path: string, ctx: PathContext): PathResult {
  try {
    return evaluatePath(path, ctx);
  } catch (error) {
    if (error instanceof PathSyntaxError)
      throw new StatesError('States.Runtime', `Invalid path '${path}': ${error.detail}`);
    throw error;
  }
}

function readOperandPath(operator: string, operand: Json, ctx: PathContext): Json {
  if (typeof operand !== 'string') throw invalidRule(`${operator} takes a path`);
  return readPath(operand, ctx, { error: 'States.Runtime', what: operator });
}

function comparableValue(kind: ComparisonKind, value: Json): string | number | boolean | undefined {
  if (kind === 'String') return typeof value === 'string' ? value : undefined;
  if (kind === 'Numeric') return typeof value === 'number' ? value : undefined;
  if (kind === 'Boolean') return typeof value === 'boolean' ? value : undefined;
  return typeof value === 'string' ? parseTimestamp(value) : undefined;
}

function compareValues(kind: ComparisonKind, relation: Relation, actual: Json, expected: Json): boolean {
  const left = comparableValue(kind, actual);
  const right = comparableValue(kind, expected);
  if (left === undefined || right === undefined) return false;
  const order = left < right ? -1 : left > right ? 1 : 0;
  return RELATION_TESTS[relation](order);
}

/** StringMatches: `*` matches any run of characters; `\*` is a literal star and `\\` a backslash. */
export function stringMatches(value: Json, pattern: Json): boolean {
  if (typeof value !== 'string' || typeof pattern !== 'string') return false;
  return wildcardMatch(tokenizePattern(pattern), value);
}

/** Literal characters, with null standing for a `*` wildcard. */
function tokenizePattern(pattern: string): (string | null)[] {
  const tokens: (string | null)[] = [];
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index] ?? '';
    const next = pattern[index + 1];
    if (char === '\\' && (next === '*' || next === '\\')) {
      tokens.push(next);
      index += 1;
    } else {
      tokens.push(char === '*' ? null : char);
    }
  }
  return tokens;
}

/** Greedy matching that backtracks to the last wildcard: linear in practice, no regular expression. */
function wildcardMatch(tokens: readonly (string | null)[], text: string): boolean {
  let tokenIndex = 0;
  let textIndex = 0;
  let lastStar = -1;
  let resumeAt = 0;
  while (textIndex < text.length) {
    const token = tokens[tokenIndex];
    if (token === null) {
      lastStar = tokenIndex;
      tokenIndex += 1;
      resumeAt = textIndex;
    } else if (token !== undefined && token === text[textIndex]) {
      tokenIndex += 1;
      textIndex += 1;
    } else if (lastStar >= 0) {
      tokenIndex = lastStar + 1;
      resumeAt += 1;
      textIndex = resumeAt;
    } else {
      return false;
    }
  }
  while (tokens[tokenIndex] === null) tokenIndex += 1;
  return tokenIndex === tokens.length;
}
