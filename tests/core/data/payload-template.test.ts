import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { Json } from '../../../src/core/json.js';
import { StatesError } from '../../../src/core/states-error.js';
import { expandPayloadTemplate } from '../../../src/core/data/payload-template.js';
import { evaluateIntrinsic } from '../../../src/core/data/intrinsic-function.js';
import type { PathContext } from '../../../src/core/data/path-context.js';
import { catchError } from './catch-error.js';

const ctx: PathContext = {
  input: { flagged: 7, vals: [0, 10, 20, 30, 40, 50], user: { name: 'Ada', tags: ['x'] }, nothing: null },
  context: { Execution: { Id: 'arn:exec' }, Map: { Item: { Index: 2, Value: { id: 'i-2' } } } },
  variables: { customer: { id: 'c-9' }, total: 12 },
};

describe('expandPayloadTemplate', () => {
  it.each<[string, Json, Json]>([
    ['a literal object', { a: 1, b: 'two', c: [true, null] }, { a: 1, b: 'two', c: [true, null] }],
    ['a scalar', 'text', 'text'],
    ['null', null, null],
    ['a path on the input', { 'name.$': '$.user.name' }, { name: 'Ada' }],
    ['the whole input', { 'all.$': '$' }, { all: ctx.input }],
    ['a null value found', { 'n.$': '$.nothing' }, { n: null }],
    [
      'the spec example',
      { flagged: true, parts: { 'first.$': '$.vals[0]', 'last3.$': '$.vals[3:]' } },
      { flagged: true, parts: { first: 0, last3: [30, 40, 50] } },
    ],
    ['a context path', { 'id.$': '$$.Execution.Id' }, { id: 'arn:exec' }],
    ['the whole context', { 'c.$': '$$' }, { c: ctx.context }],
    ['a Map item', { 'index.$': '$$.Map.Item.Index', 'item.$': '$$.Map.Item.Value.id' }, { index: 2, item: 'i-2' }],
    ['a variable', { 'who.$': '$customer.id', 'sum.$': '$total' }, { who: 'c-9', sum: 12 }],
    ['an indefinite path with no match', { 'none.$': '$.vals[?(@ > 100)]' }, { none: [] }],
    [
      'paths nested in arrays',
      [{ 'a.$': '$.flagged' }, ['plain', { 'b.$': '$.user.tags[0]' }]],
      [{ a: 7 }, ['plain', { b: 'x' }]],
    ],
    ['a key that only looks dynamic', { price$: '$.flagged', 'a.$b': '$.x' }, { price$: '$.flagged', 'a.$b': '$.x' }],
    ['a dynamic key named __proto__', { '__proto__.$': '$.flagged' }, JSON.parse('{"__proto__":7}') as Json],
  ])('expands %s', (_name, template, expected) => {
    expect(expandPayloadTemplate(template, ctx, 'Parameters')).toEqual(expected);
  });

  it('copies the template instead of returning it', () => {
    const template = { nested: { list: [1, 2] } };
    const result = expandPayloadTemplate(template, ctx, 'Parameters') as typeof template;
    expect(result).toEqual(template);
    expect(result).not.toBe(template);
    expect(result.nested).not.toBe(template.nested);
    expect(result.nested.list).not.toBe(template.nested.list);
  });

  it('does not mutate the template or the input', () => {
    const template = { 'a.$': '$.user', b: { 'c.$': '$.vals[1:2]' } };
    const templateBefore = JSON.stringify(template);
    const inputBefore = JSON.stringify(ctx.input);
    expandPayloadTemplate(template, ctx, 'ResultSelector');
    expect(JSON.stringify(template)).toBe(templateBefore);
    expect(JSON.stringify(ctx.input)).toBe(inputBefore);
  });

  it.each<[string, Json, string, string]>([
    [
      'a missing input path',
      { 'x.$': '$.x' },
      'States.ParameterPathFailure',
      `The JSONPath '$.x' specified for the field 'x.$' could not be found in the input '${JSON.stringify(ctx.input)}'`,
    ],
    [
      'a missing nested path',
      { outer: [{ 'deep.$': '$.user.age' }] },
      'States.ParameterPathFailure',
      `The JSONPath '$.user.age' specified for the field 'deep.$' could not be found in the input '${JSON.stringify(ctx.input)}'`,
    ],
    [
      'a missing context path',
      { 'token.$': '$$.Task.Token' },
      'States.ParameterPathFailure',
      `The JSONPath '$$.Task.Token' specified for the field 'token.$' could not be found in the input '${JSON.stringify(ctx.context)}'`,
    ],
    [
      'an undefined variable',
      { 'v.$': '$unknown' },
      'States.ParameterPathFailure',
      `The JSONPath '$unknown' specified for the field 'v.$' could not be found in the input '${JSON.stringify(ctx.input)}'`,
    ],
    [
      'an intrinsic function reading a missing path',
      { 'msg.$': "States.Format('Hi {}', $.missing)" },
      'States.IntrinsicFailure',
      "States.Format: argument 2: Invalid path '$.missing' : No results for path: $['missing']",
    ],
    [
      'a non-string dynamic value',
      { 'x.$': 5 },
      'States.Runtime',
      "The value for the field 'x.$' in Parameters must be a STRING that contains a JSONPath or an intrinsic function but was 5",
    ],
    [
      'an invalid path',
      { 'x.$': '$.a]' },
      'States.Runtime',
      "The JSONPath '$.a]' specified for the field 'x.$' is invalid: unexpected ']' at column 4",
    ],
  ])('fails on %s', (_name, template, error, cause) => {
    const thrown = catchError(() => expandPayloadTemplate(template, ctx, 'Parameters'));
    expect(thrown).toBeInstanceOf(StatesError);
    expect((thrown as StatesError).error).toBe(error);
    expect((thrown as StatesError).cause).toBe(cause);
  });

  it('returns templates without dynamic keys unchanged (property)', () => {
    const noDynamicKeys = fc.jsonValue().filter((value) => !JSON.stringify(value).includes('.$"'));
    fc.assert(
      fc.property(noDynamicKeys, (template) => {
        expect(expandPayloadTemplate(template as Json, ctx, 'Parameters')).toEqual(template);
      }),
    );
  });
});

describe('evaluateIntrinsic', () => {
  it('takes States.UUID from the injected environment', () => {
    expect(evaluateIntrinsic('States.UUID()', ctx, { uuid: () => 'u-1' })).toBe('u-1');
  });
});
