import { isJsonObject } from '../json.js';
import type { Json, JsonObject } from '../json.js';
import { StatesError } from '../states-error.js';
import { evaluateIntrinsic } from './intrinsic-function.js';
import type { IntrinsicEnvironment } from './intrinsic-function.js';
import { evaluatePath, PathSyntaxError } from './json-path.js';
import type { PathResult } from './json-path.js';
import { setOwnProperty } from './own-property.js';
import type { PathContext } from './path-context.js';

const DYNAMIC_SUFFIX = '.$';

/**
 * Expands a payload template (Parameters, ResultSelector, ItemSelector): objects and arrays are
 * copied, and a key ending in `.$` loses the suffix and gets its string value evaluated: `$$...`
 * on the context object, `$...` on the input (`$name...` on a variable), anything else as an
 * intrinsic function. `field` names the template in messages. Returned values may share
 * structure with `ctx.input`: treat them as read-only.
 */
export function expandPayloadTemplate(
  template: Json,
  ctx: PathContext,
  field: string,
  environment: IntrinsicEnvironment = {},
): Json {
  if (Array.isArray(template)) return template.map((item) => expandPayloadTemplate(item, ctx, field, environment));
  if (!isJsonObject(template)) return template;
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith(DYNAMIC_SUFFIX)) {
      const name = key.slice(0, -DYNAMIC_SUFFIX.length);
      setOwnProperty(result, name, evaluateDynamicField(key, value, ctx, field, environment));
    } else {
      setOwnProperty(result, key, expandPayloadTemplate(value, ctx, field, environment));
    }
  }
  return result;
}

function evaluateDynamicField(
  key: string,
  expression: Json,
  ctx: PathContext,
  field: string,
  environment: IntrinsicEnvironment,
): Json {
  if (typeof expression !== 'string') {
    const cause = `The value for the field '${key}' in ${field} must be a STRING that contains a JSONPath or an intrinsic function but was ${JSON.stringify(expression)}`;
    throw new StatesError('States.Runtime', cause);
  }
  if (!expression.startsWith('$')) return evaluateIntrinsic(expression, ctx, environment);
  const result = evaluateFieldPath(key, expression, ctx);
  if (result.found) return result.value;
  const document = expression.startsWith('$$') ? ctx.context : ctx.input;
  const cause = `The JSONPath '${expression}' specified for the field '${key}' could not be found in the input '${JSON.stringify(document)}'`;
  throw new StatesError('States.ParameterPathFailure', cause);
}

function evaluateFieldPath(key: string, expression: string, ctx: PathContext): PathResult {
  try {
    return evaluatePath(expression, ctx);
  } catch (error) {
    if (!(error instanceof PathSyntaxError)) throw error;
    throw new StatesError(
      'States.Runtime',
      `The JSONPath '${expression}' specified for the field '${key}' is invalid: ${error.detail}`,
    );
  }
}
