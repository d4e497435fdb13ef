import { describe, expect, it } from 'vitest';
import { findPlaceholders, substitutePlaceholders } from '../../../src/core/definition/substitute-placeholders.js';
import type { Json } from '../../../src/core/json.js';

const definition: Json = {
  StartAt: 'Pay',
  States: {
    Pay: {
      Type: 'Task',
      Resource: '${PayFunctionArn}',
      Arguments: { FunctionName: 'arn:${Partition}:lambda:${Region}:1:function:pay', Payload: '{% $states.input %}' },
      Retry: [{ ErrorEquals: ['${ErrorName}'] }],
      End: true,
    },
  },
};

describe('substitutePlaceholders', () => {
  it('replaces whole-string and embedded placeholders at any depth, in a copy', () => {
    const before = JSON.stringify(definition);
    const result = substitutePlaceholders(definition, {
      PayFunctionArn: 'arn:aws:lambda:us-east-1:1:function:pay',
      Partition: 'aws',
      Region: 'eu-west-1',
      ErrorName: 'PaymentDeclined',
    });
    expect(result.problems).toEqual([]);
    expect(result.replaced).toBe(4);
    expect(result.definition).toEqual({
      StartAt: 'Pay',
      States: {
        Pay: {
          Type: 'Task',
          Resource: 'arn:aws:lambda:us-east-1:1:function:pay',
          Arguments: { FunctionName: 'arn:aws:lambda:eu-west-1:1:function:pay', Payload: '{% $states.input %}' },
          Retry: [{ ErrorEquals: ['PaymentDeclined'] }],
          End: true,
        },
      },
    });
    expect(JSON.stringify(definition)).toBe(before);
  });

  it('reports each unfilled placeholder with the path of its string, and leaves it in place', () => {
    const result = substitutePlaceholders(definition, { Partition: 'aws' });
    expect(result.problems).toEqual([
      { path: '$.States.Pay.Resource', message: 'unfilled placeholder ${PayFunctionArn}' },
      { path: '$.States.Pay.Arguments.FunctionName', message: 'unfilled placeholder ${Region}' },
      { path: '$.States.Pay.Retry[0].ErrorEquals[0]', message: 'unfilled placeholder ${ErrorName}' },
    ]);
    expect(result.replaced).toBe(1);
    const pay = (result.definition as { States: { Pay: { Resource: string; Arguments: { FunctionName: string } } } })
      .States.Pay;
    expect(pay.Resource).toBe('${PayFunctionArn}');
    expect(pay.Arguments.FunctionName).toBe('arn:aws:lambda:${Region}:1:function:pay');
  });

  it('ignores substitutions that no placeholder uses', () => {
    const result = substitutePlaceholders({ a: 'plain' }, { Unused: 'x' });
    expect(result).toEqual({ definition: { a: 'plain' }, problems: [], replaced: 0 });
  });

  it('inserts values as they are: $ patterns and placeholders in a value are not expanded', () => {
    const result = substitutePlaceholders({ a: '${A}-${B}' }, { A: "$& $' ${B}", B: 'b' });
    expect(result.definition).toEqual({ a: "$& $' ${B}-b" });
  });

  it('names with . : - _ and digits are placeholders; anything else is literal text', () => {
    const text = '${a.b:c-d_1} ${with space} ${} ${"q"} $ {x} ${nested${x}}';
    const result = substitutePlaceholders({ t: text }, { 'a.b:c-d_1': 'A', x: 'X' });
    expect(result.definition).toEqual({ t: 'A ${with space} ${} ${"q"} $ {x} ${nestedX}' });
    expect(result.problems).toEqual([]);
  });

  it('does not substitute keys, and leaves JSONata and intrinsic functions that are not placeholders alone', () => {
    const value: Json = {
      '${Key}': "{% $states.input.${'k': v} %}",
      'Msg.$': "States.Format('{} and {}', $.a, $.b)",
      Sum: '{% $sum($map($x, function($v) { $v * 2 })) %}',
    };
    expect(substitutePlaceholders(value, {})).toEqual({ definition: value, problems: [], replaced: 0 });
  });

  it('substitutes inside a JSONata expression too (the rule has no exception)', () => {
    const result = substitutePlaceholders({ Output: '{% $states.input.${Field} %}' }, { Field: 'orderId' });
    expect(result.definition).toEqual({ Output: '{% $states.input.orderId %}' });
  });

  it('keeps __proto__ as an ordinary key', () => {
    const value = JSON.parse('{"__proto__": {"a": "${A}"}}') as Json;
    const result = substitutePlaceholders(value, { A: 'x' });
    expect(Object.keys(result.definition as object)).toEqual(['__proto__']);
    expect(JSON.stringify(result.definition)).toBe('{"__proto__":{"a":"x"}}');
  });
});

describe('findPlaceholders', () => {
  it('lists every use in document order, whole or embedded', () => {
    expect(findPlaceholders(definition)).toEqual([
      { name: 'PayFunctionArn', path: '$.States.Pay.Resource', whole: true },
      { name: 'Partition', path: '$.States.Pay.Arguments.FunctionName', whole: false },
      { name: 'Region', path: '$.States.Pay.Arguments.FunctionName', whole: false },
      { name: 'ErrorName', path: '$.States.Pay.Retry[0].ErrorEquals[0]', whole: true },
    ]);
  });
});
