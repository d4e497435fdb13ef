import { describe, expect, it } from 'vitest';
import { parseDefinition } from '../../../src/core/definition/parse-definition.js';

const syntaxCases: { name: string; text: string; message: string }[] = [
  { name: 'empty text', text: '', message: 'unexpected the end of the input (line 1, column 1)' },
  {
    name: 'trailing comma',
    text: '{\n  "a": 1,\n}',
    message: "expected a double-quoted key but found '}' (line 3, column 1)",
  },
  { name: 'single quotes', text: "{'a': 1}", message: "expected a double-quoted key but found ''' (line 1, column 2)" },
  { name: 'missing colon', text: '{"a" 1}', message: "expected ':' but found '1' (line 1, column 6)" },
  { name: 'unterminated string', text: '{"a": "b}', message: 'unterminated string (line 1, column 7)' },
  { name: 'bad escape', text: '["\\x"]', message: "invalid escape '\\x' in a string (line 1, column 3)" },
  { name: 'bad unicode escape', text: '["\\u12G4"]', message: 'invalid \\u escape' },
  { name: 'raw newline in a string', text: '["a\nb"]', message: 'control character in a string' },
  { name: 'leading zero', text: '[01]', message: "expected ']' but found '1'" },
  { name: 'bare word', text: '{"a": yes}', message: "unexpected 'y' (line 1, column 7)" },
  {
    name: 'text after the value',
    text: '{} {}',
    message: "unexpected '{' after the end of the JSON value (line 1, column 4)",
  },
  { name: 'unclosed array', text: '[1, 2', message: "expected ']' but found the end of the input (line 1, column 6)" },
];

describe('parseDefinition', () => {
  it('parses JSON like JSON.parse', () => {
    const text = '\uFEFF{"s": "a\\"b\\u00e9\\n", "n": [-1.5e3, 0, 12], "t": true, "f": false, "z": null, "o": {}}';
    expect(parseDefinition(text)).toEqual({ definition: JSON.parse(text.slice(1)), problems: [] });
  });

  it('keeps __proto__ as an ordinary key', () => {
    const { definition } = parseDefinition('{"__proto__": {"polluted": true}}');
    expect(Object.keys(definition as object)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each(syntaxCases)('reports a syntax error at $ with line and column: $name', ({ text, message }) => {
    const result = parseDefinition(text);
    expect(result.definition).toBeUndefined();
    expect(result.problems).toEqual([{ path: '$', message: expect.stringContaining(message) }]);
  });
});

describe('parseDefinition: duplicate keys', () => {
  it('reports every duplicate key with the path of its object, and still returns the definition', () => {
    const text = [
      '{',
      '  "StartAt": "Pay",',
      '  "States": {',
      '    "Pay": {',
      '      "Type": "Pass",',
      '      "Next": "A",',
      '      "Next": "B",',
      '      "End": true',
      '    },',
      '    "Book hotel": { "Type": "Pass", "Type": "Task", "Type": "Wait" }',
      '  },',
      '  "StartAt": "Pay"',
      '}',
    ].join('\n');
    const result = parseDefinition(text);
    expect(result.problems).toEqual([
      { path: '$.States.Pay', message: "duplicate key 'Next' (line 7, column 7)" },
      { path: "$.States['Book hotel']", message: "duplicate key 'Type' (line 10, column 37)" },
      { path: "$.States['Book hotel']", message: "duplicate key 'Type' (line 10, column 53)" },
      { path: '$', message: "duplicate key 'StartAt' (line 12, column 3)" },
    ]);
    expect(result.definition).toMatchObject({ States: { Pay: { Next: 'B' }, 'Book hotel': { Type: 'Wait' } } });
  });

  it('locates duplicates inside arrays', () => {
    const result = parseDefinition('{"Retry": [{"ErrorEquals": [], "ErrorEquals": []}]}');
    expect(result.problems).toEqual([
      { path: '$.Retry[0]', message: "duplicate key 'ErrorEquals' (line 1, column 32)" },
    ]);
  });

  it('rejects absurd nesting instead of overflowing the stack', () => {
    const result = parseDefinition('['.repeat(5000) + ']'.repeat(5000));
    expect(result.problems[0]?.message).toContain('nesting deeper than 1000 levels');
  });
});
