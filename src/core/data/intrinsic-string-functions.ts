import type { Json } from '../json.js';
import { argumentLabel, intrinsicFailure, stringArgument, typeName } from './intrinsic-arguments.js';
import type { IntrinsicImplementation, IntrinsicInvocation } from './intrinsic-types.js';

/**
 * The template split at its placeholders. A literal template knows which `{}` were escaped
 * (`\{\}` is text); a template read from a path or returned by a call has no escapes.
 */
function templatePieces(call: IntrinsicInvocation): readonly string[] {
  const template = stringArgument(call, 1, 'template');
  const source = call.args[0]?.source;
  return source?.kind === 'string' ? source.pieces : template.split('{}');
}

function formatValue(call: IntrinsicInvocation, position: number): string {
  const value = call.args[position - 1]?.value ?? null;
  if (typeof value === 'string') return value;
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return String(value);
  const label = argumentLabel(position, 'value');
  throw intrinsicFailure(call.name, `${label} must be a string, number, boolean or null but was ${typeName(value)}`);
}

/** States.Format('Hi {}, {}', a, b): one value per `{}`; strings go in without quotes. */
function format(call: IntrinsicInvocation): Json {
  const pieces = templatePieces(call);
  const placeholders = pieces.length - 1;
  const values = call.args.length - 1;
  if (placeholders !== values) {
    throw intrinsicFailure(
      call.name,
      `the template has ${placeholders} placeholder(s) ({}) but ${values} value(s) were given`,
    );
  }
  let text = pieces[0] ?? '';
  for (let index = 1; index < pieces.length; index++) text += formatValue(call, index + 1) + (pieces[index] ?? '');
  return text;
}

/**
 * States.StringSplit(text, delimiters): every character of `delimiters` separates tokens;
 * empty tokens are dropped (as java.util.StringTokenizer does).
 */
function stringSplit(call: IntrinsicInvocation): Json {
  const text = stringArgument(call, 1, 'string');
  const delimiters = new Set(Array.from(stringArgument(call, 2, 'delimiters')));
  const tokens: string[] = [];
  let token = '';
  for (const char of text) {
    if (!delimiters.has(char)) {
      token += char;
    } else if (token !== '') {
      tokens.push(token);
      token = '';
    }
  }
  if (token !== '') tokens.push(token);
  return tokens;
}

export const STRING_FUNCTIONS: Readonly<Record<string, IntrinsicImplementation>> = {
  'States.Format': format,
  'States.StringSplit': stringSplit,
};
