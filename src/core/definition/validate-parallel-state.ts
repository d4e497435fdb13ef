import { checkRequired, report } from './field-checks.js';
import { childPath, indexPath } from './problem-list.js';
import { checkCatch, checkRetry } from './retry-catch-checks.js';
import { BRANCH_FIELDS } from './state-fields.js';
import type { StateInput } from './validation-context.js';

/** Parallel: a non-empty array of branches, each a scope of its own; Retry and Catch. */
export function validateParallelState(input: StateInput): void {
  if (checkRequired(input, 'Branches', 'a Parallel state')) {
    const branches = input.node.Branches;
    if (!Array.isArray(branches) || branches.length === 0) {
      report(input, 'Branches', 'Branches must be a non-empty array of branches ({ StartAt, States })');
    } else {
      branches.forEach((branch, index) => {
        const path = indexPath(childPath(input.path, 'Branches'), index);
        input.ctx.validateScope(branch, path, BRANCH_FIELDS, 'a Parallel branch');
      });
    }
  }
  checkRetry(input);
  checkCatch(input);
}
