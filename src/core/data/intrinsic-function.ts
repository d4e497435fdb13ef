import { INTRINSIC_SIGNATURES } from '../definition/intrinsic-signatures.js';
import type { Json } from '../json.js';
import { StatesError } from '../states-error.js';
import { intrinsicFailure } from './intrinsic-arguments.js';
import { ARRAY_FUNCTIONS } from './intrinsic-array-functions.js';
import { ENCODING_FUNCTIONS } from './intrinsic-encoding-functions.js';
import { JSON_FUNCTIONS } from './intrinsic-json-functions.js';
import { MATH_FUNCTIONS } from './intrinsic-math-functions.js';
import { parseIntrinsicExpression } from './intrinsic-parser.js';
import { STRING_FUNCTIONS } from './intrinsic-string-functions.js';
import type {
  IntrinsicArgument,
  IntrinsicCallNode,
  IntrinsicEnvironment,
  IntrinsicImplementation,
  IntrinsicNode,
} from './intrinsic-types.js';
import { evaluatePath, noResultsCause, PathSyntaxError } from './json-path.js';
import type { PathResult } from './json-path.js';
import type { PathContext } from './path-context.js';

export type { IntrinsicEnvironment } from './intrinsic-types.js';

/** The 18 States.* functions by name. */
export const INTRINSIC_FUNCTIONS: Readonly<Record<string, IntrinsicImplementation>> = {
  ...STRING_FUNCTIONS,
  ...JSON_FUNCTIONS,
  ...ARRAY_FUNCTIONS,
  ...ENCODING_FUNCTIONS,
  ...MATH_FUNCTIONS,
};

/**
 * Evaluates an intrinsic function call such as `States.Format('Hi {}', $.name)`; arguments that
 * are paths read `ctx` like any other path, and nested calls are evaluated first. Failures
 * (syntax, unknown function, argument count or type, a path that matches nothing) throw
 * StatesError('States.IntrinsicFailure') with a cause naming the function and the argument.
 */
export function evaluateIntrinsic(expression: string, ctx: PathContext, environment: IntrinsicEnvironment = {}): Json {
  return evaluateCall(parseIntrinsicExpression(expression), ctx, environment);
}

function evaluateCall(call: IntrinsicCallNode, ctx: PathContext, environment: IntrinsicEnvironment): Json {
  const known = Object.hasOwn(INTRINSIC_FUNCTIONS, call.name);
  const implementation = known ? INTRINSIC_FUNCTIONS[call.name] : undefined;
  if (implementation === undefined) {
    throw new StatesError('States.IntrinsicFailure', `Unknown intrinsic function '${call.name}'`);
  }
  checkArgumentCount(call);
  const args = call.args.map((source, index): IntrinsicArgument => ({
    source,
    value: evaluateArgument(call.name, index + 1, source, ctx, environment),
  }));
  return implementation({ name: call.name, args, environment });
}

/** The counts of definition/intrinsic-signatures.ts, which the validator checks too. */
function checkArgumentCount(call: IntrinsicCallNode): void {
  const signature = INTRINSIC_SIGNATURES[call.name];
  if (signature === undefined) return;
  const max = signature.rest === undefined ? signature.params.length : Infinity;
  const min = signature.params.length - (signature.optional ?? 0);
  const count = call.args.length;
  if (count >= min && count <= max) return;
  const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
  throw intrinsicFailure(call.name, `takes ${expected} argument(s) but was given ${count}`);
}

function evaluateArgument(
  name: string,
  position: number,
  node: IntrinsicNode,
  ctx: PathContext,
  environment: IntrinsicEnvironment,
): Json {
  switch (node.kind) {
    case 'string':
    case 'number':
    case 'boolean':
      return node.value;
    case 'null':
      return null;
    case 'call':
      return evaluateCall(node, ctx, environment);
    case 'path':
      return readArgumentPath(name, position, node.path, ctx);
  }
}

function readArgumentPath(name: string, position: number, path: string, ctx: PathContext): Json {
  let result: PathResult;
  try {
    result = evaluatePath(path, ctx);
  } catch (error) {
    if (!(error instanceof PathSyntaxError)) throw error;
    throw intrinsicFailure(name, `argument ${position} is an invalid path '${path}': ${error.detail}`);
  }
  if (!result.found) throw intrinsicFailure(name, `argument ${position}: ${noResultsCause(path)}`);
  return result.value;
}
