import { isJsonObject } from '../json.js';
import { has, report } from './field-checks.js';
import { checkJsonataStrings } from './jsonata-checks.js';
import { checkPayloadTemplate, stripDynamicSuffix } from './payload-template-checks.js';
import { childPath } from './problem-list.js';
import type { NodeInput } from './validation-context.js';

const MAX_VARIABLE_NAME = 80;
/** Unicode identifiers (UAX #31), as AWS requires: an ID_Start character, then ID_Continue characters. */
const IDENTIFIER = /^\p{ID_Start}\p{ID_Continue}*$/u;

function variableNameProblem(name: string, language: NodeInput['language']): string | undefined {
  if (name === '' || [...name].length > MAX_VARIABLE_NAME) {
    return `variable name '${name}' must be 1 to ${MAX_VARIABLE_NAME} characters long`;
  }
  if (/[.[\]]/.test(name)) {
    return `variable name '${name}' cannot contain '.', '[' or ']' (no sub-path assignment)`;
  }
  if (!IDENTIFIER.test(name)) {
    return `variable name '${name}' must be an identifier: a letter, then letters, digits or '_'`;
  }
  if (language === 'JSONata' && name === 'states') {
    return "'states' is reserved and cannot be assigned";
  }
  return undefined;
}

/** Assign: an object of variable names; values are payload templates (JSONPath) or JSONata. */
export function checkAssign(input: NodeInput): void {
  if (!has(input, 'Assign')) {
    return;
  }
  const assign = input.node.Assign;
  if (!isJsonObject(assign)) {
    report(input, 'Assign', 'Assign must be an object of variable names');
    return;
  }
  const path = childPath(input.path, 'Assign');
  for (const key of Object.keys(assign)) {
    const name = input.language === 'JSONPath' ? stripDynamicSuffix(key) : key;
    const problem = variableNameProblem(name, input.language);
    if (problem !== undefined) {
      input.ctx.problems.add(childPath(path, key), problem);
    }
  }
  if (input.language === 'JSONPath') {
    checkPayloadTemplate(input.ctx.problems, path, assign);
  } else {
    checkJsonataStrings(input.ctx.problems, path, assign);
  }
}
