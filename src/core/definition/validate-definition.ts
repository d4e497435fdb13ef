import { isJsonObject } from '../json.js';
import type { DefinitionProblem } from '../states-error.js';
import { checkInteger, checkString, MAX_SECONDS } from './field-checks.js';
import { ProblemList } from './problem-list.js';
import { TOP_LEVEL_FIELDS } from './state-fields.js';
import { checkQueryLanguage } from './validate-state.js';
import { validateScope } from './validate-scope.js';
import { checkVariableScopes } from './variable-scope-checks.js';
import type { NodeInput, ValidationContext } from './validation-context.js';

export interface ValidateDefinitionOptions {
  /**
   * Accept JSONata states (QueryLanguage "JSONata"). Their fields, `{% %}` delimiters and the
   * JSONata syntax of every expression are checked either way. Defaults to true; false reports
   * every JSONata state (for a runtime that evaluates JSONPath only).
   */
  allowJsonata?: boolean;
}

/**
 * Validates a parsed Amazon States Language definition and returns every problem found
 * (an empty array when the definition is valid), each located by a JSON path such as
 * `$.States.Pay.Next` or `$.States['Book hotel'].Retry[0].ErrorEquals`.
 */
export function validateDefinition(definition: unknown, options: ValidateDefinitionOptions = {}): DefinitionProblem[] {
  const problems = new ProblemList();
  if (!isJsonObject(definition)) {
    problems.add('$', 'a state machine definition must be a JSON object with StartAt and States');
    return problems.items;
  }
  const ctx: ValidationContext = {
    problems,
    machineLanguage: 'JSONPath',
    allowJsonata: options.allowJsonata !== false,
    stateNames: new Map(),
    validateScope: (scope, path, fields, where) => validateScope(ctx, scope, path, fields, where),
  };
  const top: NodeInput = { ctx, node: definition, path: '$', language: 'JSONPath' };
  ctx.machineLanguage = checkQueryLanguage(top, 'JSONPath');
  checkString(top, 'Version');
  checkInteger(top, 'TimeoutSeconds', { min: 1, max: MAX_SECONDS });
  validateScope(ctx, definition, '$', TOP_LEVEL_FIELDS, 'the state machine');
  checkVariableScopes(problems, definition, '$', new Set());
  return problems.items;
}
