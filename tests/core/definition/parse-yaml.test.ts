import { describe, expect, it } from 'vitest';
import {
  definitionFormatOf,
  parseDefinition,
  parseDefinitionText,
} from '../../../src/core/definition/parse-definition.js';

const yaml = (text: string) => parseDefinition(text, { format: 'yaml' });

const SAGA = `# a comment
Comment: >-
  Folded text
  on two lines
StartAt: Pay
States:
  Pay:
    Type: Task
    Resource: "arn:aws:states:::lambda:invoke"
    Retry:
      - ErrorEquals: [States.ALL]
        MaxAttempts: 2
    Next: Done
  Done:
    Type: Succeed
`;

describe('parseDefinition: YAML', () => {
  it('reads block and flow YAML into plain JSON', () => {
    expect(yaml(SAGA)).toEqual({
      definition: {
        Comment: 'Folded text on two lines',
        StartAt: 'Pay',
        States: {
          Pay: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 2 }],
            Next: 'Done',
          },
          Done: { Type: 'Succeed' },
        },
      },
      problems: [],
    });
  });

  it('keeps timestamps, yes/no and on/off as strings (core schema)', () => {
    const { definition } = yaml('a: 2024-01-01T00:00:00Z\nb: yes\nc: off\nd: ~\ne: 0x1F\nf: 1.5e3\n');
    expect(definition).toEqual({ a: '2024-01-01T00:00:00Z', b: 'yes', c: 'off', d: null, e: 31, f: 1500 });
  });

  it('expands aliases and merge keys', () => {
    const text =
      'retry: &retry {ErrorEquals: [X], MaxAttempts: 1}\nuse: [*retry]\nm:\n  <<: *retry\n  MaxAttempts: 3\n';
    expect(yaml(text).definition).toEqual({
      retry: { ErrorEquals: ['X'], MaxAttempts: 1 },
      use: [{ ErrorEquals: ['X'], MaxAttempts: 1 }],
      m: { ErrorEquals: ['X'], MaxAttempts: 3 },
    });
  });

  it('keeps __proto__ as an ordinary key', () => {
    const { definition } = yaml('__proto__: {polluted: true}\n');
    expect(Object.keys(definition as object)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    { name: 'unclosed flow sequence', text: 'a: [1, 2\nb: 3\n', message: 'line 2, column 1' },
    {
      name: 'bad indentation',
      text: 'a:\n  b: 1\n c: 2\n',
      message: 'All mapping items must start at the same column (line 3, column 1)',
    },
    { name: 'tab indentation', text: 'a:\n\t- 1\n', message: 'Tabs are not allowed as indentation (line 2, column 1)' },
    {
      name: 'two documents',
      text: 'a: 1\n---\nb: 2\n',
      message: 'a definition is a single YAML document (one ---) (line 2, column 1)',
    },
    {
      name: 'unknown tag',
      text: 'Resource: !GetAtt Pay.Arn\n',
      message: 'Unresolved tag: !GetAtt (line 1, column 11)',
    },
  ])('reports a syntax problem at $ with line and column: $name', ({ text, message }) => {
    const result = yaml(text);
    expect(result.definition).toBeUndefined();
    expect(result.problems).toContainEqual({ path: '$', message: expect.stringContaining(message) });
    expect(result.problems.every((problem) => problem.message.startsWith('invalid YAML: '))).toBe(true);
  });

  it('reports values JSON cannot hold at their path, with line and column', () => {
    const result = yaml('States:\n  A:\n    Seconds: .inf\n    When: !!timestamp 2024-01-01\n    Set: !!set {a}\n');
    expect(result.definition).toBeUndefined();
    expect(result.problems).toEqual([
      { path: '$.States.A.Seconds', message: 'Infinity is not a JSON number (line 3, column 14)' },
      { path: '$.States.A.When', message: expect.stringContaining('the value is not JSON') },
      { path: '$.States.A.Set', message: expect.stringContaining('YAML tag tag:yaml.org,2002:set') },
    ]);
  });

  it('rejects a key that is a list or a map', () => {
    const result = yaml('States:\n  [a, b]: 1\n');
    expect(result.problems).toEqual([
      { path: '$.States', message: 'a key must be a string, number or boolean (line 2, column 3)' },
    ]);
  });

  it('rejects an alias that contains itself', () => {
    const result = yaml('a: &a [*a]\n');
    expect(result.definition).toBeUndefined();
    expect(result.problems).toEqual([
      { path: '$', message: expect.stringContaining('refers to a node that contains it') },
    ]);
  });
});

describe('parseDefinition: YAML duplicate keys', () => {
  it('reports every duplicate key at the path of its map, and still returns the definition', () => {
    const text = [
      'StartAt: Pay',
      'States:',
      '  Pay:',
      '    Type: Pass',
      '    Next: A',
      '    Next: B',
      'StartAt: X',
      '',
    ];
    const result = yaml(text.join('\n'));
    expect(result.problems).toEqual([
      { path: '$.States.Pay', message: "duplicate key 'Next' (line 6, column 5)" },
      { path: '$', message: "duplicate key 'StartAt' (line 7, column 1)" },
    ]);
    expect(result.definition).toEqual({ StartAt: 'X', States: { Pay: { Type: 'Pass', Next: 'B' } } });
  });

  it('finds duplicates in maps inside lists, and a quoted key equal to a plain one', () => {
    const result = yaml('Retry:\n  - ErrorEquals: []\n    "ErrorEquals": []\n');
    expect(result.problems).toEqual([
      { path: '$.Retry[0]', message: "duplicate key 'ErrorEquals' (line 3, column 5)" },
    ]);
  });

  it('does not count keys brought in by a merge key', () => {
    expect(yaml('base: &b {x: 1}\nm:\n  <<: *b\n  x: 2\n').problems).toEqual([]);
  });
});

describe('definitionFormatOf and parseDefinitionText', () => {
  it.each([
    ['saga.asl.yaml', 'yaml'],
    ['saga.yml', 'yaml'],
    ['SAGA.YAML', 'yaml'],
    ['saga.asl.json', 'json'],
    ['saga', 'json'],
    ['yaml.json', 'json'],
  ] as const)('%s is %s', (name, format) => {
    expect(definitionFormatOf(name)).toBe(format);
  });

  it('parses by the file name', () => {
    expect(parseDefinitionText('StartAt: A\n', 'x.yml').definition).toEqual({ StartAt: 'A' });
    expect(parseDefinitionText('StartAt: A\n', 'x.json').problems[0]?.message).toContain('invalid JSON');
  });
});
