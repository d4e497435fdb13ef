import { checkRequired, checkString, child, report } from './field-checks.js';
import { checkTopLevelRule } from './choice-rule-checks.js';
import { childPath, indexPath } from './problem-list.js';
import type { StateInput } from './validation-context.js';

/** Choice: a non-empty Choices array of rules, each with Next, and an optional Default. */
export function validateChoiceState(input: StateInput): void {
  checkString(input, 'Default');
  if (!checkRequired(input, 'Choices', 'a Choice state')) {
    return;
  }
  const choices = input.node.Choices;
  if (!Array.isArray(choices) || choices.length === 0) {
    report(input, 'Choices', 'Choices must be a non-empty array of Choice rules');
    return;
  }
  choices.forEach((item, index) => {
    const path = indexPath(childPath(input.path, 'Choices'), index);
    const rule = child(input, item, path);
    if (rule === undefined) {
      input.ctx.problems.add(path, 'a Choice rule must be an object');
    } else {
      checkTopLevelRule(rule);
    }
  });
}
