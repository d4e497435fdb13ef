import { PathSyntaxError } from './json-path-types.js';
import type { PathRoot } from './json-path-types.js';

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' };
const NAME_PATTERN = /[^.[\]()'",?@*=!<>&|:\s]+/uy;
const IDENTIFIER_PATTERN = /[\p{ID_Start}_]\p{ID_Continue}*/uy;
const INTEGER_PATTERN = /-?\d+/y;
const NUMBER_PATTERN = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HEX4_PATTERN = /[0-9a-fA-F]{4}/y;

/** A cursor over a path's text that reports errors with a 1-based column. */
export class PathScanner {
  readonly text: string;
  position = 0;

  constructor(text: string) {
    this.text = text;
  }

  peek(offset = 0): string | undefined {
    return this.text[this.position + offset];
  }

  atEnd(): boolean {
    return this.position >= this.text.length;
  }

  startsWith(prefix: string): boolean {
    return this.text.startsWith(prefix, this.position);
  }

  advance(count = 1): void {
    this.position += count;
  }

  skipSpaces(): void {
    while (this.peek() === ' ' || this.peek() === '\t' || this.peek() === '\n' || this.peek() === '\r') this.advance();
  }

  expect(char: string): void {
    if (this.peek() !== char) this.fail(`'${char}'`);
    this.advance();
  }

  /** Throws "unexpected 'x' at column N[, expected ...]" for the character under the cursor. */
  fail(expected?: string): never {
    const char = this.peek();
    const found = char === undefined ? 'unexpected end of path' : `unexpected '${char}'`;
    const suffix = expected === undefined ? '' : `, expected ${expected}`;
    this.failWith(`${found} at column ${this.position + 1}${suffix}`);
  }

  failWith(detail: string, column = this.position + 1): never {
    throw new PathSyntaxError(this.text, detail, column);
  }

  /** A name after `.` (possibly empty). */
  readName(): string {
    return this.match(NAME_PATTERN) ?? '';
  }

  /** A variable name after `$` (possibly empty). */
  readIdentifier(): string {
    return this.match(IDENTIFIER_PATTERN) ?? '';
  }

  readInteger(): number | null {
    const digits = this.match(INTEGER_PATTERN);
    return digits === undefined ? null : Number(digits);
  }

  readNumber(): number | null {
    const digits = this.match(NUMBER_PATTERN);
    return digits === undefined ? null : Number(digits);
  }

  /** A string in single or double quotes; backslash escapes the next character. */
  readQuoted(): string {
    const quote = this.peek();
    const start = this.position + 1;
    this.advance();
    let result = '';
    for (;;) {
      const char = this.peek();
      if (char === undefined) this.failWith(`unterminated string starting at column ${start}`, start);
      this.advance();
      if (char === quote) return result;
      result += char === '\\' ? this.readEscape() : char;
    }
  }

  private readEscape(): string {
    const char = this.peek();
    if (char === undefined) this.fail('an escaped character');
    this.advance();
    if (char === 'u') {
      const hex = this.match(HEX4_PATTERN);
      if (hex === undefined) this.fail('4 hexadecimal digits');
      return String.fromCharCode(parseInt(hex, 16));
    }
    return ESCAPES[char] ?? char;
  }

  private match(pattern: RegExp): string | undefined {
    pattern.lastIndex = this.position;
    const found = pattern.exec(this.text);
    if (found === null) return undefined;
    this.position += found[0].length;
    return found[0];
  }
}

/** Reads `$`, `$$` or `$name` at the cursor. */
export function parseRoot(scanner: PathScanner): { root: PathRoot; variable?: string } {
  if (scanner.peek() !== '$') scanner.fail("'$'");
  scanner.advance();
  if (scanner.peek() === '$') {
    scanner.advance();
    return { root: '$$' };
  }
  const variable = scanner.readIdentifier();
  return variable === '' ? { root: '$' } : { root: 'variable', variable };
}
