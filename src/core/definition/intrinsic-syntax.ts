/** The syntax of an intrinsic function call such as `States.Format('{} x', $.a, States.UUID())`. */
export type IntrinsicArgument =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'path'; text: string }
  | { kind: 'call'; call: IntrinsicCall };

export interface IntrinsicCall {
  name: string;
  args: IntrinsicArgument[];
}

export class IntrinsicSyntaxError extends Error {
  constructor(detail: string, column: number) {
    super(`${detail} (column ${column})`);
    this.name = 'IntrinsicSyntaxError';
  }
}

const NAME = /[A-Za-z0-9._]+/y;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WORDS: readonly [string, IntrinsicArgument][] = [
  ['null', { kind: 'null' }],
  ['true', { kind: 'boolean', value: true }],
  ['false', { kind: 'boolean', value: false }],
];

/** True when a string has the shape of a call (`Name(`), as opposed to a path or a plain string. */
export function looksLikeIntrinsicCall(text: string): boolean {
  return /^[A-Za-z][A-Za-z0-9._]*\(/.test(text);
}

class IntrinsicScanner {
  pos = 0;

  constructor(readonly text: string) {}

  peek(): string | undefined {
    return this.text[this.pos];
  }

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  skipSpaces(): void {
    while (/\s/.test(this.peek() ?? '')) {
      this.pos++;
    }
  }

  consume(char: string): boolean {
    if (this.peek() !== char) {
      return false;
    }
    this.pos++;
    return true;
  }

  expect(char: string): void {
    if (!this.consume(char)) {
      this.fail(`expected '${char}'`);
    }
  }

  match(pattern: RegExp): string | undefined {
    pattern.lastIndex = this.pos;
    const found = pattern.exec(this.text)?.[0];
    if (found !== undefined) {
      this.pos += found.length;
    }
    return found;
  }

  fail(detail: string): never {
    const found = this.atEnd() ? 'the end' : `'${this.peek()}'`;
    throw new IntrinsicSyntaxError(`${detail} but found ${found}`, this.pos + 1);
  }
}

/** Reads `'...'`; a backslash escapes the next character (`\'`, `\{`, `\}`, `\\`). */
function readString(scanner: IntrinsicScanner): string {
  scanner.pos++;
  let value = '';
  for (;;) {
    const char = scanner.peek();
    if (char === undefined) {
      scanner.fail("expected a closing quote (')");
    }
    scanner.pos++;
    if (char === "'") {
      return value;
    }
    if (char === '\\') {
      const escaped = scanner.peek();
      if (escaped === undefined) {
        scanner.fail('expected a character after the backslash');
      }
      scanner.pos++;
      value += escaped;
    } else {
      value += char;
    }
  }
}

/** Reads a path up to the `,` or `)` that ends the argument, keeping brackets, parentheses and quotes whole. */
function readPath(scanner: IntrinsicScanner): string {
  const start = scanner.pos;
  let depth = 0;
  let quote: string | undefined;
  for (let char = scanner.peek(); char !== undefined; char = scanner.peek()) {
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
    scanner.pos++;
  }
  return scanner.text.slice(start, scanner.pos).trimEnd();
}

function readArgument(scanner: IntrinsicScanner): IntrinsicArgument {
  const char = scanner.peek();
  if (char === "'") {
    return { kind: 'string', value: readString(scanner) };
  }
  if (char === '$') {
    return { kind: 'path', text: readPath(scanner) };
  }
  const number = scanner.match(NUMBER);
  if (number !== undefined) {
    return { kind: 'number', value: Number(number) };
  }
  for (const [word, argument] of WORDS) {
    if (
      scanner.text.startsWith(word, scanner.pos) &&
      !/[A-Za-z0-9._]/.test(scanner.text[scanner.pos + word.length] ?? '')
    ) {
      scanner.pos += word.length;
      return argument;
    }
  }
  return { kind: 'call', call: readCall(scanner) };
}

function readCall(scanner: IntrinsicScanner): IntrinsicCall {
  const name = scanner.match(NAME);
  if (name === undefined) {
    scanner.fail("expected a string ('...'), a number, null, true, false, a path or a function call");
  }
  scanner.expect('(');
  const args: IntrinsicArgument[] = [];
  scanner.skipSpaces();
  if (scanner.consume(')')) {
    return { name, args };
  }
  do {
    scanner.skipSpaces();
    args.push(readArgument(scanner));
    scanner.skipSpaces();
  } while (scanner.consume(','));
  scanner.expect(')');
  return { name, args };
}

/** Parses a whole intrinsic function call; throws IntrinsicSyntaxError. */
export function parseIntrinsicCall(text: string): IntrinsicCall {
  const scanner = new IntrinsicScanner(text);
  const call = readCall(scanner);
  if (!scanner.atEnd()) {
    scanner.fail('expected the end of the call');
  }
  return call;
}
