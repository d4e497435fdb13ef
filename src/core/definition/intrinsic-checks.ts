import { INTRINSIC_SIGNATURES, type IntrinsicSignature, type ParameterKind } from './intrinsic-signatures.js';
import {
  IntrinsicSyntaxError,
  looksLikeIntrinsicCall,
  parseIntrinsicCall,
  type IntrinsicArgument,
  type IntrinsicCall,
} from './intrinsic-syntax.js';
import { pathProblem } from './path-checks.js';

const LITERAL_KINDS: Readonly<Record<string, ParameterKind>> = {
  string: 'string',
  number: 'number',
  boolean: 'boolean',
};

function arityProblem(call: IntrinsicCall, signature: IntrinsicSignature): string | undefined {
  const max = signature.rest === undefined ? signature.params.length : Infinity;
  const min = signature.params.length - (signature.optional ?? 0);
  if (call.args.length >= min && call.args.length <= max) {
    return undefined;
  }
  const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
  return `${call.name} takes ${expected} argument(s) but was given ${call.args.length}`;
}

function argumentProblem(
  call: IntrinsicCall,
  argument: IntrinsicArgument,
  kind: ParameterKind,
  position: number,
): string | undefined {
  if (argument.kind === 'call') {
    return kind === 'path' ? `argument ${position} of ${call.name} must be a path` : callProblem(argument.call);
  }
  if (argument.kind === 'path') {
    return pathProblem(argument.text, 'path');
  }
  if (kind === 'any' || LITERAL_KINDS[argument.kind] === kind) {
    return undefined;
  }
  return `argument ${position} of ${call.name} must be ${kind === 'path' ? 'a path' : `of type ${kind}`}`;
}

function callProblem(call: IntrinsicCall): string | undefined {
  const known = Object.prototype.hasOwnProperty.call(INTRINSIC_SIGNATURES, call.name);
  const signature = known ? INTRINSIC_SIGNATURES[call.name] : undefined;
  if (signature === undefined) {
    return `unknown intrinsic function '${call.name}'`;
  }
  const arity = arityProblem(call, signature);
  if (arity !== undefined) {
    return arity;
  }
  for (const [index, argument] of call.args.entries()) {
    const kind = signature.params[index] ?? signature.rest ?? 'any';
    const problem = argumentProblem(call, argument, kind, index + 1);
    if (problem !== undefined) {
      return problem;
    }
  }
  return undefined;
}

/** Checks an intrinsic function call: syntax, known name, number of arguments and literal argument types. */
export function intrinsicProblem(text: string): string | undefined {
  try {
    const problem = callProblem(parseIntrinsicCall(text));
    return problem === undefined ? undefined : `${problem} in '${text}'`;
  } catch (error) {
    if (error instanceof IntrinsicSyntaxError) {
      return `invalid intrinsic function call '${text}': ${error.message}`;
    }
    throw error;
  }
}

/** The value of a `.$` field, ErrorPath or CausePath: a path (`$...`) or an intrinsic function call. */
export function pathOrIntrinsicProblem(text: string): string | undefined {
  if (text.startsWith('$')) {
    return pathProblem(text, 'path');
  }
  if (!looksLikeIntrinsicCall(text)) {
    return `'${text}' is neither a path (starting with '$') nor an intrinsic function call such as States.Format(...)`;
  }
  return intrinsicProblem(text);
}
