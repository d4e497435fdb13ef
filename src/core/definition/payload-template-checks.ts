import { isJsonObject, type Json, type JsonObject } from '../json.js';
import { pathOrIntrinsicProblem } from './intrinsic-checks.js';
import { childPath, indexPath, type ProblemList } from './problem-list.js';

const DYNAMIC_SUFFIX = '.$';

/** The name a payload template field produces once its `.$` suffix is stripped. */
export function stripDynamicSuffix(key: string): string {
  return key.endsWith(DYNAMIC_SUFFIX) ? key.slice(0, -DYNAMIC_SUFFIX.length) : key;
}

function checkDynamicValue(problems: ProblemList, path: string, key: string, value: Json): void {
  if (typeof value !== 'string') {
    problems.add(path, `the value of '${key}' must be a string: a path or an intrinsic function call`);
    return;
  }
  const problem = pathOrIntrinsicProblem(value);
  if (problem !== undefined) {
    problems.add(path, problem);
  }
}

function checkTemplateObject(problems: ProblemList, path: string, template: JsonObject): void {
  const producedBy = new Map<string, string>();
  for (const [key, value] of Object.entries(template)) {
    const name = stripDynamicSuffix(key);
    const earlier = producedBy.get(name);
    if (earlier !== undefined) {
      problems.add(path, `duplicate field '${name}': '${earlier}' and '${key}' produce the same field`);
    }
    producedBy.set(name, key);
    const valuePath = childPath(path, key);
    if (key.endsWith(DYNAMIC_SUFFIX)) {
      checkDynamicValue(problems, valuePath, key, value);
    } else {
      checkPayloadTemplate(problems, valuePath, value);
    }
  }
}

/**
 * Checks a JSONPath payload template (Parameters, ResultSelector, ItemSelector, Credentials,
 * Assign): every `.$` field holds a path or an intrinsic call, and no two fields produce
 * the same name once `.$` is stripped.
 */
export function checkPayloadTemplate(problems: ProblemList, path: string, template: Json | undefined): void {
  if (Array.isArray(template)) {
    template.forEach((item, index) => checkPayloadTemplate(problems, indexPath(path, index), item));
  } else if (isJsonObject(template)) {
    checkTemplateObject(problems, path, template);
  }
}
