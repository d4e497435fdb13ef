import { childPath, indexPath } from './problem-list.js';

/** A syntax error in JSON text, located by its offset. */
export class JsonSyntaxError extends Error {
  readonly offset: number;

  constructor(message: string, offset: number) {
    super(message);
    this.name = 'JsonSyntaxError';
    this.offset = offset;
  }
}

/** A key that appears twice in the same object; `path` locates that object. */
export interface DuplicateKey {
  path: string;
  key: string;
  offset: number;
}

const MAX_DEPTH = 1000;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const LITERALS: readonly [string, unknown][] = [
  ['true', true],
  ['false', false],
  ['null', null],
];
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/** 1-based line and column of an offset in a text. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = 0; index < offset && index < text.length; index++) {
    if (text[index] === '\n') {
      line++;
      lineStart = index + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * A strict JSON (RFC 8259) parser that, unlike JSON.parse, remembers duplicate
 * keys and reports where a syntax error is. Later duplicates win, as in JSON.parse.
 */
export class JsonTextParser {
  readonly duplicates: DuplicateKey[] = [];
  private pos = 0;
  private depth = 0;

  constructor(private readonly text: string) {}

  parseDocument(): unknown {
    if (this.text.charCodeAt(0) === 0xfeff) {
      this.pos = 1;
    }
    this.skipWhitespace();
    const value = this.parseValue('$');
    this.skipWhitespace();
    if (this.pos < this.text.length) {
      this.fail(`unexpected ${this.describeCurrent()} after the end of the JSON value`);
    }
    return value;
  }

  private parseValue(path: string): unknown {
    const char = this.text[this.pos];
    if (char === '{') {
      return this.nested(() => this.parseObject(path));
    }
    if (char === '[') {
      return this.nested(() => this.parseArray(path));
    }
    if (char === '"') {
      return this.parseString();
    }
    if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) {
      return this.parseNumber();
    }
    return this.parseLiteral();
  }

  private nested<T>(parse: () => T): T {
    if (++this.depth > MAX_DEPTH) {
      this.fail(`nesting deeper than ${MAX_DEPTH} levels`);
    }
    const value = parse();
    this.depth--;
    return value;
  }

  private parseObject(path: string): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    const seen = new Set<string>();
    this.pos++;
    this.skipWhitespace();
    if (this.consumeIf('}')) {
      return result;
    }
    do {
      this.skipWhitespace();
      const keyOffset = this.pos;
      const key = this.parseKey();
      if (seen.has(key)) {
        this.duplicates.push({ path, key, offset: keyOffset });
      }
      seen.add(key);
      this.skipWhitespace();
      this.expect(':');
      this.skipWhitespace();
      const value = this.parseValue(childPath(path, key));
      Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
      this.skipWhitespace();
    } while (this.consumeIf(','));
    this.expect('}');
    return result;
  }

  private parseArray(path: string): unknown[] {
    const result: unknown[] = [];
    this.pos++;
    this.skipWhitespace();
    if (this.consumeIf(']')) {
      return result;
    }
    do {
      this.skipWhitespace();
      result.push(this.parseValue(indexPath(path, result.length)));
      this.skipWhitespace();
    } while (this.consumeIf(','));
    this.expect(']');
    return result;
  }

  private parseKey(): string {
    if (this.text[this.pos] !== '"') {
      this.fail(`expected a double-quoted key but found ${this.describeCurrent()}`);
    }
    return this.parseString();
  }

  private parseString(): string {
    const start = this.pos++;
    let result = '';
    let runStart = this.pos;
    for (;;) {
      const code = this.text.charCodeAt(this.pos);
      if (Number.isNaN(code)) {
        this.fail('unterminated string', start);
      }
      if (code === 0x22) {
        result += this.text.slice(runStart, this.pos++);
        return result;
      }
      if (code < 0x20) {
        this.fail('control character in a string (escape it)');
      }
      if (code === 0x5c) {
        result += this.text.slice(runStart, this.pos) + this.parseEscape();
        runStart = this.pos;
      } else {
        this.pos++;
      }
    }
  }

  private parseEscape(): string {
    const escapeOffset = this.pos;
    const letter = this.text[this.pos + 1] ?? '';
    if (letter === 'u') {
      const hex = this.text.slice(this.pos + 2, this.pos + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
        this.fail('invalid \\u escape in a string', escapeOffset);
      }
      this.pos += 6;
      return String.fromCharCode(parseInt(hex, 16));
    }
    const simple = SIMPLE_ESCAPES[letter];
    if (simple === undefined) {
      this.fail(`invalid escape '\\${letter}' in a string`, escapeOffset);
    }
    this.pos += 2;
    return simple;
  }

  private parseNumber(): number {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (match === null) {
      this.fail(`invalid number starting with ${this.describeCurrent()}`);
    }
    this.pos += match[0].length;
    return Number(match[0]);
  }

  private parseLiteral(): unknown {
    for (const [word, value] of LITERALS) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return value;
      }
    }
    return this.fail(`unexpected ${this.describeCurrent()}`);
  }

  private skipWhitespace(): void {
    while (WHITESPACE.has(this.text[this.pos] ?? '')) {
      this.pos++;
    }
  }

  private consumeIf(char: string): boolean {
    if (this.text[this.pos] !== char) {
      return false;
    }
    this.pos++;
    return true;
  }

  private expect(char: string): void {
    if (!this.consumeIf(char)) {
      this.fail(`expected '${char}' but found ${this.describeCurrent()}`);
    }
  }

  private describeCurrent(): string {
    const char = this.text[this.pos];
    return char === undefined ? 'the end of the input' : `'${char}'`;
  }

  private fail(message: string, offset = this.pos): never {
    throw new JsonSyntaxError(message, offset);
  }
}
