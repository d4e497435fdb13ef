import { describe, it, expect } from 'vitest';
import type { Json } from '../../../src/core/json.js';
import { StatesError } from '../../../src/core/states-error.js';
import { evaluateIntrinsic, INTRINSIC_FUNCTIONS } from '../../../src/core/data/intrinsic-function.js';
import type { IntrinsicEnvironment } from '../../../src/core/data/intrinsic-function.js';
import { expandPayloadTemplate } from '../../../src/core/data/payload-template.js';
import type { PathContext } from '../../../src/core/data/path-context.js';
import { INTRINSIC_SIGNATURES } from '../../../src/core/definition/intrinsic-signatures.js';
import { catchError } from './catch-error.js';

const ctx: PathContext = {
  input: {
    name: 'Ada',
    n: 3,
    list: [1, 2, 3],
    nine: [1, 2, 3, 4, 5, 6, 7, 8, 9],
    empty: [],
    dups: [1, 2, 3, 3, 3, 3, 3, 3, 4],
    objects: [{ a: 1, b: [1, { c: 2 }] }, { a: 2 }, { b: [1, { c: 2 }], a: 1 }],
    probe: { b: [1, { c: 2 }], a: 1 },
    obj: { a: 1 },
    str: '{"x":[1,2]}',
    template: 'Dear {}',
    'a,b': 'comma key',
    arn: 'arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/my-recipe/1.2.3',
    json1: { a: { a1: 1, a2: 2 }, b: 2 },
    json2: { a: { a3: 1, a4: 2 }, c: 3 },
    long: 'x'.repeat(10_001),
    max: 'x'.repeat(10_000),
  },
  context: { Execution: { Id: 'arn:exec' }, Map: { Item: { Index: 4 } } },
  variables: { greeting: 'Hi', limit: 2 },
};

const environment: IntrinsicEnvironment = { uuid: () => 'b9a4c2a4-0d4a-4c7b-9d1e-2f1a3c4b5d6e', random: () => 0.5 };

function evaluate(expression: string, env: IntrinsicEnvironment = environment): Json {
  return evaluateIntrinsic(expression, ctx, env);
}

describe('evaluateIntrinsic: the table of functions', () => {
  it('implements exactly the 18 functions of the validator', () => {
    expect(Object.keys(INTRINSIC_FUNCTIONS).sort()).toEqual(Object.keys(INTRINSIC_SIGNATURES).sort());
    expect(Object.keys(INTRINSIC_FUNCTIONS)).toHaveLength(18);
  });
});

describe('evaluateIntrinsic: results', () => {
  it.each<[string, Json]>([
    // States.Format
    ["States.Format('Hello {}', $.name)", 'Hello Ada'],
    ["States.Format('{} + {} = {}', 1, 2.5, $.n)", '1 + 2.5 = 3'],
    ["States.Format('{} {} {}', true, null, 'x')", 'true null x'],
    ["States.Format('no placeholders')", 'no placeholders'],
    ["States.Format('\\{\\} is literal, {} is not', 'this')", '{} is literal, this is not'],
    ["States.Format('it\\'s {}', $.name)", "it's Ada"],
    ["States.Format('back\\\\slash {}', 1)", 'back\\slash 1'],
    ["States.Format('{{}}', 1)", '{1}'],
    ["States.Format('{}{}', '{}', 'x')", '{}x'],
    ['States.Format($.template, $.name)', 'Dear Ada'],
    ["States.Format('{} by {} ({})', $greeting, $$.Execution.Id, $$.Map.Item.Index)", 'Hi by arn:exec (4)'],
    ["States.Format( 'a{}' ,  $.name )", 'aAda'],
    ["States.Format('')", ''],
    // States.StringToJson / States.JsonToString
    ['States.StringToJson($.str)', { x: [1, 2] }],
    ['States.StringToJson(\'\\{"a": [true, null]\\}\')', { a: [true, null] }],
    ["States.StringToJson('42')", 42],
    ["States.StringToJson(' null ')", null],
    ['States.JsonToString($.obj)', '{"a":1}'],
    ['States.JsonToString($.name)', '"Ada"'],
    ['States.JsonToString($$.Execution)', '{"Id":"arn:exec"}'],
    ['States.JsonToString($limit)', '2'],
    ["States.JsonToString($['a,b'])", '"comma key"'],
    // States.Array
    ['States.Array()', []],
    ["States.Array(1, 'two', true, null, $.list, States.Array(), -1.5e2)", [1, 'two', true, null, [1, 2, 3], [], -150]],
    ["States.Array($.list[0], $['name'], $.list[1:])", [1, 'Ada', [2, 3]]],
    // States.ArrayPartition
    ['States.ArrayPartition($.nine, 4)', [[1, 2, 3, 4], [5, 6, 7, 8], [9]]],
    ['States.ArrayPartition($.list, 3)', [[1, 2, 3]]],
    ['States.ArrayPartition($.list, 5)', [[1, 2, 3]]],
    ['States.ArrayPartition($.list, 1)', [[1], [2], [3]]],
    ['States.ArrayPartition($.empty, 2)', []],
    // States.ArrayContains
    ['States.ArrayContains($.list, 2)', true],
    ['States.ArrayContains($.list, 5)', false],
    ['States.ArrayContains($.objects, $.probe)', true],
    ['States.ArrayContains($.objects, States.StringToJson(\'\\{"a":2,"b":1\\}\'))', false],
    ["States.ArrayContains(States.Array('1'), 1)", false],
    ['States.ArrayContains(States.Array(null), null)', true],
    ['States.ArrayContains($.empty, null)', false],
    // States.ArrayRange
    ['States.ArrayRange(1, 9, 2)', [1, 3, 5, 7, 9]],
    ['States.ArrayRange(1, 10, 4)', [1, 5, 9]],
    ['States.ArrayRange(10, 0, -5)', [10, 5, 0]],
    ['States.ArrayRange(-2, 2, 1)', [-2, -1, 0, 1, 2]],
    ['States.ArrayRange(5, 5, 1)', [5]],
    ['States.ArrayRange(5, 1, 1)', []],
    ['States.ArrayRange(1, 5, -1)', []],
    // States.ArrayGetItem / States.ArrayLength / States.ArrayUnique
    ['States.ArrayGetItem($.list, 0)', 1],
    ['States.ArrayGetItem($.list, $limit)', 3],
    ['States.ArrayGetItem($.objects, 1)', { a: 2 }],
    ['States.ArrayLength($.list)', 3],
    ['States.ArrayLength(States.Array())', 0],
    ['States.ArrayUnique($.dups)', [1, 2, 3, 4]],
    ['States.ArrayUnique($.objects)', [{ a: 1, b: [1, { c: 2 }] }, { a: 2 }]],
    ["States.ArrayUnique(States.Array(1, '1', true, 'true', null, 1.0, null))", [1, '1', true, 'true', null]],
    // States.Base64Encode / States.Base64Decode
    ["States.Base64Encode('Data to encode')", 'RGF0YSB0byBlbmNvZGU='],
    ["States.Base64Encode('')", ''],
    ["States.Base64Encode('a')", 'YQ=='],
    ["States.Base64Encode('ab')", 'YWI='],
    ["States.Base64Encode('héllo 日本 🎉')", 'aMOpbGxvIOaXpeacrCDwn46J'],
    ["States.Base64Decode('RGF0YSB0byBlbmNvZGU=')", 'Data to encode'],
    ["States.Base64Decode('aMOpbGxvIOaXpeacrCDwn46J')", 'héllo 日本 🎉'],
    ["States.Base64Decode('YQ')", 'a'],
    ["States.Base64Decode('')", ''],
    ["States.Base64Decode('/w==')", '\uFFFD'],
    ['States.Base64Decode(States.Base64Encode($.name))', 'Ada'],
    // States.Hash (digests of every algorithm: intrinsic-hash.test.ts)
    ["States.Hash('input data', 'SHA-1')", 'aaff4a450a104cd177d28d18d74485e8cae074b7'],
    ["States.Hash('', 'MD5')", 'd41d8cd98f00b204e9800998ecf8427e'],
    ["States.Hash($.obj, 'MD5')", 'bb6cb5c68df4652941caf652a366f2d8'],
    ["States.Hash(42, 'SHA-256')", '73475cb40a568e8da8a045ced110137e159f890ac4da883b6b17dc651b3a8049'],
    // States.JsonMerge
    ['States.JsonMerge($.json1, $.json2, false)', { a: { a3: 1, a4: 2 }, b: 2, c: 3 }],
    ['States.JsonMerge($.obj, $$.Execution, false)', { a: 1, Id: 'arn:exec' }],
    // States.MathAdd / States.MathRandom / States.UUID
    ['States.MathAdd(111, -1)', 110],
    ['States.MathAdd($.n, $limit)', 5],
    ['States.MathAdd(-9007199254740991, 9007199254740991)', 0],
    ['States.MathAdd(2.0, 3e0)', 5],
    ['States.MathRandom(0, 10)', 5],
    ['States.UUID()', 'b9a4c2a4-0d4a-4c7b-9d1e-2f1a3c4b5d6e'],
    // States.StringSplit
    ["States.StringSplit('1,2,3,4,5', ',')", ['1', '2', '3', '4', '5']],
    ["States.StringSplit('This.is+a,test=string', '.+,=')", ['This', 'is', 'a', 'test', 'string']],
    ["States.StringSplit(',a,,b,', ',')", ['a', 'b']],
    ["States.StringSplit('abc', '')", ['abc']],
    ["States.StringSplit('', ',')", []],
    ["States.StringSplit('a🎉b🎉', '🎉')", ['a', 'b']],
    ["States.StringSplit('a b\\\\c', ' \\\\')", ['a', 'b', 'c']],
  ])('%s', (expression, expected) => {
    expect(evaluate(expression)).toEqual(expected);
  });

  it.each<[string, Json]>([
    [
      "States.Format('{}.{}', States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.arn, '/'), 2), '.'), 0), States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.arn, '/'), 2), '.'), 1))",
      '1.2',
    ],
    ['States.ArrayLength(States.ArrayUnique(States.Array(1, 1, States.MathAdd(0, 1), 2)))', 2],
    ['States.JsonToString($.objects[?(@.a == 2)])', '[{"a":2}]'],
    ["States.StringToJson(States.Format('[{}, {}]', $.n, States.JsonToString($.name)))", [3, 'Ada']],
    ['States.ArrayGetItem(States.ArrayPartition(States.ArrayRange(1, 10, 1), 3), 3)', [10]],
    ["States.Hash(States.Base64Decode(States.Base64Encode('abc')), 'MD5')", '900150983cd24fb0d6963f7d28e17f72'],
  ])('evaluates nested calls and complex paths: %s', (expression, expected) => {
    expect(evaluate(expression)).toEqual(expected);
  });

  it('builds a range of exactly 1000 items', () => {
    const range = evaluate('States.ArrayRange(0, 999, 1)') as number[];
    expect(range).toHaveLength(1000);
    expect(range[999]).toBe(999);
    expect(evaluate('States.ArrayRange(0, 9990, 10)')).toHaveLength(1000);
  });

  it('accepts 10,000 characters for Base64 and Hash', () => {
    expect(evaluate('States.Base64Encode($.max)')).toMatch(/^eHh4/);
    expect(evaluate("States.Hash($.max, 'SHA-512')")).toMatch(/^[0-9a-f]{128}$/);
  });

  it('does not call the environment when the expression does not need it', () => {
    expect(evaluate("States.Format('x')", {})).toBe('x');
  });

  it('copies JsonMerge results without changing its inputs and keeps a __proto__ key as data', () => {
    const input = { x: JSON.parse('{"__proto__":{"polluted":true}}') as Json, y: { z: 1 } };
    const merged = evaluateIntrinsic('States.JsonMerge($.x, $.y, false)', { input, context: {} });
    expect(JSON.stringify(merged)).toBe('{"__proto__":{"polluted":true},"z":1}');
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(input.y).toEqual({ z: 1 });
  });
});

describe('evaluateIntrinsic: environment functions', () => {
  it('draws States.MathRandom from environment.random without a seed: start inclusive, end exclusive', () => {
    expect(evaluate('States.MathRandom(1, 5)', { random: () => 0 })).toBe(1);
    expect(evaluate('States.MathRandom(1, 5)', { random: () => 0.999999 })).toBe(4);
    expect(evaluate('States.MathRandom(-10, 10)', { random: () => 0.5 })).toBe(0);
  });

  it('makes States.MathRandom with a seed deterministic and within bounds, without the environment', () => {
    for (let seed = -50; seed < 50; seed++) {
      const first = evaluate(`States.MathRandom(10, 20, ${seed})`, {});
      expect(evaluate(`States.MathRandom(10, 20, ${seed})`, { random: () => 0 })).toBe(first);
      expect(first).toBeGreaterThanOrEqual(10);
      expect(first).toBeLessThan(20);
    }
  });

  it('spreads seeded States.MathRandom results over the range', () => {
    const values = new Set<Json>();
    for (let seed = 0; seed < 200; seed++) values.add(evaluate(`States.MathRandom(0, 10, ${seed})`));
    expect(values.size).toBe(10);
    const big = new Set<Json>();
    for (let seed = 0; seed < 50; seed++) big.add(evaluate(`States.MathRandom(0, 1000000, ${seed * 2 ** 32})`));
    expect(big.size).toBeGreaterThan(45);
  });

  it('takes the UUID from the environment each time', () => {
    let count = 0;
    const env = { uuid: () => `uuid-${++count}` };
    expect(evaluate('States.Array(States.UUID(), States.UUID())', env)).toEqual(['uuid-1', 'uuid-2']);
  });
});

describe('evaluateIntrinsic through expandPayloadTemplate', () => {
  it('evaluates intrinsic values of dynamic keys', () => {
    const template = {
      'msg.$': "States.Format('Hello {}', $.name)",
      'id.$': 'States.UUID()',
      nested: { 'count.$': 'States.ArrayLength($.list)', plain: 'States.Format(1)' },
      'items.$': 'States.Array($greeting, $$.Execution.Id)',
    };
    expect(expandPayloadTemplate(template, ctx, 'Parameters', environment)).toEqual({
      msg: 'Hello Ada',
      id: 'b9a4c2a4-0d4a-4c7b-9d1e-2f1a3c4b5d6e',
      nested: { count: 3, plain: 'States.Format(1)' },
      items: ['Hi', 'arn:exec'],
    });
  });

  it('passes States.IntrinsicFailure through', () => {
    const thrown = catchError(() =>
      expandPayloadTemplate({ 'msg.$': "States.Format('{}', $.missing)" }, ctx, 'Parameters'),
    );
    expect(thrown).toBeInstanceOf(StatesError);
    expect((thrown as StatesError).error).toBe('States.IntrinsicFailure');
    expect((thrown as StatesError).cause).toBe(
      "States.Format: argument 2: Invalid path '$.missing' : No results for path: $['missing']",
    );
  });
});
