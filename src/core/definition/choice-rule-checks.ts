import { CHOICE_OPERATORS } from '../data/choice-rule.js';
import { parseTimestamp } from '../data/timestamp.js';
import type { Json } from '../json.js';
import { checkAssign } from './assign-checks.js';
import { checkAllowedFields, checkRequired, checkString, child, has, report } from './field-checks.js';
import { checkJsonataStrings, isJsonataExpression } from './jsonata-checks.js';
import { pathProblem } from './path-checks.js';
import { childPath, indexPath } from './problem-list.js';
import { JSONATA_CHOICE_RULE_FIELDS } from './state-fields.js';
import type { NodeInput } from './validation-context.js';

const COMBINATORS = ['And', 'Or', 'Not'];
const OPERATORS: ReadonlySet<string> = new Set(CHOICE_OPERATORS);

type OperandCheck = (value: Json) => boolean;

/** The operand each operator family takes, by name prefix; `...Path` operators take a path. */
const OPERAND_TYPES: readonly [prefix: string, description: string, test: OperandCheck][] = [
  ['Is', 'a boolean', (value) => typeof value === 'boolean'],
  ['Boolean', 'a boolean', (value) => typeof value === 'boolean'],
  ['Numeric', 'a number', (value) => typeof value === 'number'],
  ['String', 'a string', (value) => typeof value === 'string'],
  ['Timestamp', 'an RFC3339 timestamp', (value) => typeof value === 'string' && parseTimestamp(value) !== undefined],
];

function operandProblem(operator: string, value: Json): string | undefined {
  if (operator.endsWith('Path')) {
    return typeof value === 'string' ? pathProblem(value, 'path') : `${operator} must be a path string`;
  }
  const operand = OPERAND_TYPES.find(([prefix]) => operator.startsWith(prefix));
  if (operand === undefined || operand[2](value)) {
    return undefined;
  }
  return `${operator} must be ${operand[1]}`;
}

function checkDataTest(rule: NodeInput, fields: readonly string[]): void {
  const operators = fields.filter((field) => OPERATORS.has(field));
  for (const field of fields.filter((name) => name !== 'Variable' && !OPERATORS.has(name))) {
    report(rule, field, `field '${field}' is not allowed in a Choice rule`);
  }
  if (checkRequired(rule, 'Variable', 'a Choice rule')) {
    const variable = rule.node.Variable;
    const problem = typeof variable === 'string' ? pathProblem(variable, 'path') : 'Variable must be a path string';
    if (problem !== undefined) {
      report(rule, 'Variable', problem);
    }
  }
  if (operators.length !== 1) {
    const found = operators.length === 0 ? 'none' : operators.join(', ');
    rule.ctx.problems.add(rule.path, `a Choice rule needs exactly one comparison operator (found ${found})`);
  }
  for (const operator of operators) {
    const problem = operandProblem(operator, rule.node[operator] ?? null);
    if (problem !== undefined) {
      report(rule, operator, problem);
    }
  }
}

function checkNestedRule(parent: NodeInput, value: Json, path: string): void {
  const rule = child(parent, value, path);
  if (rule === undefined) {
    parent.ctx.problems.add(path, 'a nested Choice rule must be an object');
    return;
  }
  if (has(rule, 'Next')) {
    report(rule, 'Next', 'a nested Choice rule (inside And, Or or Not) cannot have Next');
  }
  checkRuleBody(rule, ['Comment', 'Next']);
}

function checkCombinator(rule: NodeInput, combinator: string): void {
  const value = rule.node[combinator] ?? null;
  const path = childPath(rule.path, combinator);
  if (combinator === 'Not') {
    checkNestedRule(rule, value, path);
  } else if (!Array.isArray(value) || value.length === 0) {
    report(rule, combinator, `${combinator} must be a non-empty array of Choice rules`);
  } else {
    value.forEach((item, index) => checkNestedRule(rule, item, indexPath(path, index)));
  }
}

/** A rule's test: either exactly one of And/Or/Not, or Variable with one operator. */
function checkRuleBody(rule: NodeInput, ignored: readonly string[]): void {
  checkString(rule, 'Comment');
  const fields = Object.keys(rule.node).filter((field) => !ignored.includes(field));
  const combinators = fields.filter((field) => COMBINATORS.includes(field));
  if (combinators.length === 0) {
    checkDataTest(rule, fields);
    return;
  }
  const others = fields.filter((field) => !COMBINATORS.includes(field));
  if (combinators.length > 1 || others.length > 0) {
    rule.ctx.problems.add(
      rule.path,
      `a Choice rule must use exactly one of And, Or, Not and nothing else (found ${fields.join(', ')})`,
    );
  }
  combinators.forEach((combinator) => checkCombinator(rule, combinator));
}

function checkJsonataRule(rule: NodeInput): void {
  checkAllowedFields(rule, JSONATA_CHOICE_RULE_FIELDS, 'a JSONata Choice rule');
  if (checkRequired(rule, 'Condition', 'a JSONata Choice rule')) {
    const condition = rule.node.Condition;
    if (typeof condition !== 'boolean' && !isJsonataExpression(condition)) {
      report(rule, 'Condition', "Condition must be a boolean or a '{% %}' JSONata expression");
    }
    checkJsonataStrings(rule.ctx.problems, childPath(rule.path, 'Condition'), rule.node.Condition);
  }
  if (has(rule, 'Output')) {
    checkJsonataStrings(rule.ctx.problems, childPath(rule.path, 'Output'), rule.node.Output);
  }
}

/** A top-level Choice rule: Next is required, Comment and Assign are allowed. */
export function checkTopLevelRule(rule: NodeInput): void {
  if (checkRequired(rule, 'Next', 'a Choice rule')) {
    checkString(rule, 'Next');
  }
  checkAssign(rule);
  if (rule.language === 'JSONata') {
    checkJsonataRule(rule);
  } else {
    checkRuleBody(rule, ['Comment', 'Next', 'Assign']);
  }
}
