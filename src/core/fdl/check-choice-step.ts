import type { ChoiceBranch, ChoiceStep } from './flow-types.js';
import type { Checked } from './flow-checker.js';
import { translateCondition } from './choice-condition.js';
import { COMMON_FIELDS, type StepCheck } from './check-steps.js';

const CHOICE_FIELDS = [...COMMON_FIELDS, 'choices', 'default'];
const BRANCH_FIELDS = ['condition', 'steps', 'goto'];
const DEFAULT_FIELDS = ['steps', 'goto'];

function checkCondition(check: StepCheck, entry: Checked): string | undefined {
  const { checker } = check;
  const node = checker.required(entry, 'condition', 'a choice');
  const text = checker.string(node, 'condition');
  if (!node || text === undefined) return undefined;
  const translated = translateCondition(text);
  if (translated.ok) return translated.expression;
  checker.report(
    node.path,
    node.value.position,
    `invalid condition '${text}': ${translated.problem} (at character ${translated.offset + 1} of the condition)`,
  );
  return undefined;
}

function checkBranch(check: StepCheck, entry: Checked, isDefault: boolean): ChoiceBranch | undefined {
  const { checker } = check;
  const what = isDefault ? 'default' : 'a choice';
  const map = checker.map(entry, what);
  if (!map) return undefined;
  checker.fields(entry, map, isDefault ? DEFAULT_FIELDS : BRANCH_FIELDS, what);
  const condition = isDefault ? undefined : checkCondition(check, entry);
  const gotoNode = checker.field(entry, 'goto');
  const target = checker.string(gotoNode, 'goto');
  if (gotoNode && target !== undefined) {
    check.gotos.push({ target, path: gotoNode.path, position: gotoNode.value.position });
  }
  const steps = check.steps(checker.field(entry, 'steps'), 'steps');
  if (!isDefault && condition === undefined) return undefined;
  return {
    steps,
    ...(condition !== undefined ? { condition } : {}),
    ...(target !== undefined ? { goto: target } : {}),
  };
}

/** choice: `choices` (condition, steps, goto) tried in order, then `default` (steps, goto), else on to the next step. */
export function checkChoiceStep(check: StepCheck): ChoiceStep | undefined {
  const { checker, node } = check;
  const map = checker.map(node, 'a step');
  if (map) checker.fields(node, map, CHOICE_FIELDS, 'a choice step');
  const choicesNode = checker.required(node, 'choices', 'a choice step');
  const entries = choicesNode ? checker.items(choicesNode, 'choices') : [];
  if (choicesNode?.value.kind === 'seq' && entries.length === 0) {
    checker.report(choicesNode.path, choicesNode.value.position, 'choices must hold at least one choice');
  }
  const choices = entries.map((entry) => checkBranch(check, entry, false));
  const defaultNode = checker.field(node, 'default');
  const fallback = defaultNode ? checkBranch(check, defaultNode, true) : undefined;
  const valid = choices.filter((choice): choice is ChoiceBranch => choice !== undefined);
  return { ...check.common, type: 'choice', choices: valid, ...(fallback ? { default: fallback } : {}) };
}
