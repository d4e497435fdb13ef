import { describe, expect, it } from 'vitest';
import { prepareDefinition } from '../../../src/core/definition/prepare-definition.js';

const JSON_TEXT = `{
  "StartAt": "Pay",
  "States": { "Pay": { "Type": "Task", "Resource": "\${PayArn}", "End": true } }
}`;

const YAML_TEXT = `StartAt: Pay
States:
  Pay:
    Type: Task
    Resource: "\${PayArn}"
    Comment: 2024-01-01T00:00:00Z
    End: true
`;

const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:pay';

describe('prepareDefinition', () => {
  it('parses YAML, substitutes and stores JSON text that needs neither YAML nor substitutions', () => {
    const prepared = prepareDefinition(YAML_TEXT, { format: 'yaml', substitutions: { PayArn: ARN } });
    expect(prepared.problems).toEqual([]);
    const expected = {
      StartAt: 'Pay',
      States: { Pay: { Type: 'Task', Resource: ARN, Comment: '2024-01-01T00:00:00Z', End: true } },
    };
    expect(prepared.definition).toEqual(expected);
    expect(prepared.text).toBe(JSON.stringify(expected));
  });

  it('stores the substituted definition as JSON text when a JSON placeholder was filled', () => {
    const prepared = prepareDefinition(JSON_TEXT, { substitutions: { PayArn: ARN } });
    expect(prepared.problems).toEqual([]);
    expect(JSON.parse(prepared.text ?? '')).toEqual(prepared.definition);
    expect(prepared.text).toContain(ARN);
  });

  it('keeps JSON text as written when nothing was substituted', () => {
    const text = '{\n  "StartAt": "A",\n  "States": { "A": { "Type": "Succeed" } }\n}\n';
    expect(prepareDefinition(text, { substitutions: { Unused: 'x' } })).toEqual({
      definition: { StartAt: 'A', States: { A: { Type: 'Succeed' } } },
      problems: [],
      text,
    });
    expect(prepareDefinition(`\uFEFF${text}`).text).toBe('{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}');
  });

  it('reports an unfilled placeholder together with the ASL problems', () => {
    const prepared = prepareDefinition(JSON_TEXT.replace('"End": true', '"Next": "Gone"'));
    expect(prepared.problems[0]).toEqual({ path: '$.States.Pay.Resource', message: 'unfilled placeholder ${PayArn}' });
    expect(prepared.problems).toContainEqual(expect.objectContaining({ path: '$.States.Pay.Next' }));
  });

  it('stops at syntax errors and duplicate keys', () => {
    expect(prepareDefinition('StartAt: [', { format: 'yaml' })).toEqual({
      problems: [{ path: '$', message: expect.stringContaining('invalid YAML') }],
    });
    expect(prepareDefinition('a: 1\na: 2\n', { format: 'yaml' }).problems).toEqual([
      { path: '$', message: "duplicate key 'a' (line 2, column 1)" },
    ]);
  });

  it('passes allowJsonata on to the validator', () => {
    const text = 'QueryLanguage: JSONata\nStartAt: A\nStates:\n  A: {Type: Pass, Output: "{% 1 + %}", End: true}\n';
    const paths = (allowJsonata: boolean) =>
      prepareDefinition(text, { format: 'yaml', allowJsonata }).problems.map((problem) => problem.path);
    expect(paths(true)).toEqual(['$.States.A.Output']);
    expect(paths(false)).toEqual(['$.QueryLanguage', '$.States.A.Output']);
  });
});
