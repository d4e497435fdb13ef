import { parsePath } from './mapping-source.js';
import { sourceExpression } from './source-expression.js';

/**
 * A choice `condition` translated to JSONata over the step's input (`$states.input`). The grammar:
 * `||`, `&&`, `!`, parentheses, `== != < <= > >=`, operands `$.path` (also `$input.path`), strings
 * in single or double quotes, numbers, `true`, `false` and `null`.
 */
export type ConditionParse = { ok: true; expression: string } | { ok: false; problem: string; offset: number };

interface Token {
  kind: 'operator' | 'operand' | 'open' | 'close';
  text: string;
  offset: number;
}

const TOKEN =
  /\s*(\|\||&&|==|!=|<=|>=|<|>|!|\(|\)|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null|\$[\w$]*(?:\.[^\s.[\]()=!<>&|]+|\[[^\]]*\])*)/y;
const COMPARISONS: Readonly<Record<string, string>> = {
  '==': '=',
  '!=': '!=',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
};

class ConditionError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  let offset = 0;
  while (text.slice(offset).trim() !== '') {
    TOKEN.lastIndex = offset;
    const match = TOKEN.exec(text);
    if (!match?.[1]) throw new ConditionError(`unexpected '${text.slice(offset).trim().slice(0, 12)}'`, offset);
    const value = match[1];
    const start = match.index + match[0].length - value.length;
    const kind = value === '(' ? 'open' : value === ')' ? 'close' : /^[|&=!<>]/.test(value) ? 'operator' : 'operand';
    tokens.push({ kind, text: value, offset: start });
    offset = TOKEN.lastIndex;
  }
  return tokens;
}

class ConditionParser {
  private position = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly length: number,
  ) {}

  parse(): string {
    const expression = this.or();
    const extra = this.tokens[this.position];
    if (extra) throw new ConditionError(`unexpected '${extra.text}'`, extra.offset);
    return expression;
  }

  private peek(text: string): boolean {
    return this.tokens[this.position]?.text === text;
  }

  private or(): string {
    let left = this.and();
    while (this.peek('||')) {
      this.position += 1;
      left = `(${left} or ${this.and()})`;
    }
    return left;
  }

  private and(): string {
    let left = this.unary();
    while (this.peek('&&')) {
      this.position += 1;
      left = `(${left} and ${this.unary()})`;
    }
    return left;
  }

  private unary(): string {
    if (this.peek('!')) {
      this.position += 1;
      return `$not(${this.unary()})`;
    }
    return this.comparison();
  }

  private comparison(): string {
    const left = this.operand();
    const operator = this.tokens[this.position];
    const translated = operator ? COMPARISONS[operator.text] : undefined;
    if (translated === undefined) return left;
    this.position += 1;
    return `(${left} ${translated} ${this.operand()})`;
  }

  private operand(): string {
    const token = this.tokens[this.position];
    if (!token) throw new ConditionError('the condition ends too early', this.length);
    this.position += 1;
    if (token.kind === 'open') {
      const inner = this.or();
      if (!this.peek(')')) throw new ConditionError("missing ')'", this.tokens[this.position]?.offset ?? this.length);
      this.position += 1;
      return `(${inner})`;
    }
    if (token.kind !== 'operand') throw new ConditionError(`unexpected '${token.text}'`, token.offset);
    if (token.text.startsWith("'")) return JSON.stringify(token.text.slice(1, -1).replace(/\\(.)/g, '$1'));
    if (!token.text.startsWith('$')) return token.text;
    const path = parsePath(token.text);
    if (!path.ok) throw new ConditionError(path.problem, token.offset);
    if (path.source.kind === 'path' && path.source.root === 'local') {
      throw new ConditionError('a condition reads the step input: use $.path', token.offset);
    }
    return sourceExpression(path.source, { input: '$states.input', local: '{}' });
  }
}

/** Checks a condition and translates it to JSONata; a problem names its character offset. */
export function translateCondition(text: string): ConditionParse {
  try {
    const tokens = tokenize(text);
    if (tokens.length === 0) return { ok: false, problem: 'the condition is empty', offset: 0 };
    return { ok: true, expression: new ConditionParser(tokens, text.length).parse() };
  } catch (error) {
    if (error instanceof ConditionError) return { ok: false, problem: error.message, offset: error.offset };
    throw error;
  }
}
