import { StatesError } from '../states-error.js';
import type { IntrinsicCallNode, IntrinsicNode } from './intrinsic-types.js';

/*
 * The run-time parser of intrinsic calls. It accepts the grammar of definition/intrinsic-syntax.ts
 * (which the validator uses) but keeps, for string literals, where the unescaped `{}` placeholders
 * are: `'\{\}'` is the text `{}`, not a States.Format placeholder.
 */

const NAME = /[A-Za-z0-9._]+/y;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const NAME_CHAR = /[A-Za-z0-9._]/;
const ESCAPABLE = new Set(["'", '{', '}', '\\']);
const MAX_DEPTH = 100;
const WORDS: readonly [string, IntrinsicNode][] = [
  ['null', { kind: 'null' }],
  ['true', { kind: 'boolean', value: true }],
  ['false', { kind: 'boolean', value: false }],
];

class Cursor {
  pos = 0;
  depth = 0;

  constructor(readonly text: string) {}

  peek(): string | undefined {
    return this.text[this.pos];
  }

  skipSpaces(): void {
    while (/\s/.test(this.peek() ?? '')) this.pos++;
  }

  consume(char: string): boolean {
    if (this.peek() !== char) return false;
    this.pos++;
    return true;
  }

  match(pattern: RegExp): string | undefined {
    pattern.lastIndex = this.pos;
    const found = pattern.exec(this.text)?.[0];
    if (found !== undefined) this.pos += found.length;
    return found;
  }

  fail(detail: string): never {
    const found = this.pos >= this.text.length ? 'the end' : `'${this.peek()}'`;
    const cause = `Invalid intrinsic function call '${this.text}': ${detail} but found ${found} at column ${this.pos + 1}`;
    throw new StatesError('States.IntrinsicFailure', cause);
  }
}

/** Reads `'...'`. Only `\'`, `\{`, `\}` and `\\` are escapes; a lone `{}` marks a placeholder. */
function readString(cursor: Cursor): IntrinsicNode {
  cursor.pos++;
  const pieces: string[] = [];
  let piece = '';
  let value = '';
  for (;;) {
    const char = cursor.peek();
    if (char === undefined) cursor.fail("expected a closing quote (')");
    cursor.pos++;
    if (char === "'") break;
    let text = char;
    if (char === '\\') {
      text = cursor.peek() ?? '';
      if (!ESCAPABLE.has(text)) cursor.fail("expected one of ' { } \\ after the backslash");
      cursor.pos++;
    } else if (char === '{' && cursor.consume('}')) {
      pieces.push(piece);
      piece = '';
      value += '{}';
      continue;
    }
    piece += text;
    value += text;
  }
  pieces.push(piece);
  return { kind: 'string', value, pieces };
}

/** Reads a path up to the `,` or `)` that ends the argument, keeping brackets, parentheses and quotes whole. */
function readPath(cursor: Cursor): IntrinsicNode {
  const start = cursor.pos;
  let depth = 0;
  let quote: string | undefined;
  for (let char = cursor.peek(); char !== undefined; char = cursor.peek()) {
    if (quote !== undefined) {
      quote = char === quote ? undefined : quote;
    } else if (depth > 0 && (char === "'" || char === '"')) {
      quote = char;
    } else if (char === '[' || char === '(') {
      depth++;
    } else if (char === ']' || char === ')') {
      if (depth === 0) break;
      depth--;
    } else if (char === ',' && depth === 0) {
      break;
    }
    cursor.pos++;
  }
  return { kind: 'path', path: cursor.text.slice(start, cursor.pos).trimEnd() };
}

function readWord(cursor: Cursor): IntrinsicNode | undefined {
  for (const [word, node] of WORDS) {
    const after = cursor.text[cursor.pos + word.length] ?? '';
    if (cursor.text.startsWith(word, cursor.pos) && !NAME_CHAR.test(after)) {
      cursor.pos += word.length;
      return node;
    }
  }
  return undefined;
}

function readArgument(cursor: Cursor): IntrinsicNode {
  const char = cursor.peek();
  if (char === "'") return readString(cursor);
  if (char === '$') return readPath(cursor);
  const number = cursor.match(NUMBER);
  if (number !== undefined) return { kind: 'number', value: Number(number) };
  return readWord(cursor) ?? readCall(cursor);
}

function readCall(cursor: Cursor): IntrinsicCallNode {
  const name = cursor.match(NAME);
  if (name === undefined)
    cursor.fail("expected a string ('...'), a number, null, true, false, a path or a function call");
  if (!cursor.consume('(')) cursor.fail("expected '('");
  if (++cursor.depth > MAX_DEPTH) cursor.fail(`expected at most ${MAX_DEPTH} nested calls`);
  const args: IntrinsicNode[] = [];
  cursor.skipSpaces();
  if (!cursor.consume(')')) {
    do {
      cursor.skipSpaces();
      args.push(readArgument(cursor));
      cursor.skipSpaces();
    } while (cursor.consume(','));
    if (!cursor.consume(')')) cursor.fail("expected ',' or ')'");
  }
  cursor.depth--;
  return { kind: 'call', name, args };
}

/** Parses a whole intrinsic call; a syntax error throws StatesError('States.IntrinsicFailure'). */
export function parseIntrinsicExpression(text: string): IntrinsicCallNode {
  const cursor = new Cursor(text);
  const call = readCall(cursor);
  if (cursor.pos < text.length) cursor.fail('expected the end of the call');
  return call;
}
