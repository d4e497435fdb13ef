import { describe, it, expect } from 'vitest';
import { StatesError } from '../../../src/core/states-error.js';
import { evaluateIntrinsic } from '../../../src/core/data/intrinsic-function.js';
import type { IntrinsicEnvironment } from '../../../src/core/data/intrinsic-function.js';
import type { PathContext } from '../../../src/core/data/path-context.js';
import { catchError } from './catch-error.js';

const ctx: PathContext = {
  input: { name: 'Ada', list: [1, 2, 3], obj: { a: 1 }, long: 'x'.repeat(10_001), big: { text: 'y'.repeat(9_990) } },
  context: { Execution: { Id: 'arn:exec' } },
  variables: { greeting: 'Hi' },
};

function failureOf(expression: string, environment: IntrinsicEnvironment = {}): StatesError {
  const thrown = catchError(() => evaluateIntrinsic(expression, ctx, environment));
  expect(thrown).toBeInstanceOf(StatesError);
  expect((thrown as StatesError).error).toBe('States.IntrinsicFailure');
  return thrown as StatesError;
}

const SYNTAX = "expected a string ('...'), a number, null, true, false, a path or a function call";

describe('evaluateIntrinsic: syntax errors', () => {
  it.each<[string, string]>([
    ["States.Format('x'", "expected ',' or ')' but found the end at column 18"],
    ["States.Format('x)", "expected a closing quote (') but found the end at column 18"],
    ["States.Format('a\\nb')", "expected one of ' { } \\ after the backslash but found 'n' at column 18"],
    ["States.Format('a\\", "expected one of ' { } \\ after the backslash but found the end at column 18"],
    ["States.Format('a') extra", "expected the end of the call but found ' ' at column 19"],
    ['States.Format(foo)', "expected '(' but found ')' at column 18"],
    ['States.Array(1,)', `${SYNTAX} but found ')' at column 16`],
    ['States.Array(,1)', `${SYNTAX} but found ',' at column 14`],
    ['States.Array(1 2)', "expected ',' or ')' but found '2' at column 16"],
    ['States.Array(nul)', "expected '(' but found ')' at column 17"],
    ['', `${SYNTAX} but found the end at column 1`],
    [' States.UUID()', `${SYNTAX} but found ' ' at column 1`],
    ['$.name', `${SYNTAX} but found '$' at column 1`],
  ])('%s', (expression, detail) => {
    expect(failureOf(expression).cause).toBe(`Invalid intrinsic function call '${expression}': ${detail}`);
  });

  it('limits the nesting depth', () => {
    const deep = 'States.Array('.repeat(101) + ')'.repeat(101);
    expect(failureOf(deep).cause).toContain('expected at most 100 nested calls');
    expect(evaluateIntrinsic('States.Array('.repeat(100) + ')'.repeat(100), ctx)).toBeInstanceOf(Array);
  });
});

describe('evaluateIntrinsic: failures', () => {
  it.each<[string, string]>([
    // names and argument counts
    ['States.Nope(1)', "Unknown intrinsic function 'States.Nope'"],
    ['toString()', "Unknown intrinsic function 'toString'"],
    ['states.format()', "Unknown intrinsic function 'states.format'"],
    ['States.MathAdd(1)', 'States.MathAdd: takes 2 argument(s) but was given 1'],
    ['States.UUID(1)', 'States.UUID: takes 0 argument(s) but was given 1'],
    ['States.Format()', 'States.Format: takes at least 1 argument(s) but was given 0'],
    ['States.MathRandom(1)', 'States.MathRandom: takes 2 to 3 argument(s) but was given 1'],
    ['States.JsonMerge($.obj, $.obj)', 'States.JsonMerge: takes 3 argument(s) but was given 2'],
    // paths
    [
      "States.Format('{}', $.missing)",
      "States.Format: argument 2: Invalid path '$.missing' : No results for path: $['missing']",
    ],
    [
      'States.ArrayLength($.list[7])',
      "States.ArrayLength: argument 1: Invalid path '$.list[7]' : No results for path: $['list'][7]",
    ],
    [
      "States.Format('{}', $$.Nope)",
      "States.Format: argument 2: Invalid path '$$.Nope' : No results for path: $$['Nope']",
    ],
    ["States.Format('{}', $nope)", "States.Format: argument 2: Invalid path '$nope' : No results for path: $nope"],
    [
      'States.Array($.a.)',
      "States.Array: argument 1 is an invalid path '$.a.': unexpected end of path at column 5, expected a name",
    ],
    ['States.ArrayLength(States.UUID())', 'States.UUID: no source of UUIDs is configured'],
    // States.Format
    ["States.Format('{} {}', 1)", 'States.Format: the template has 2 placeholder(s) ({}) but 1 value(s) were given'],
    ["States.Format('x', 1)", 'States.Format: the template has 0 placeholder(s) ({}) but 1 value(s) were given'],
    ["States.Format('\\{\\}', 1)", 'States.Format: the template has 0 placeholder(s) ({}) but 1 value(s) were given'],
    [
      "States.Format('{}', $.obj)",
      'States.Format: argument 2 (value) must be a string, number, boolean or null but was an object',
    ],
    [
      "States.Format('{} {}', 1, $.list)",
      'States.Format: argument 3 (value) must be a string, number, boolean or null but was an array',
    ],
    ['States.Format(1)', 'States.Format: argument 1 (template) must be a string but was 1'],
    ['States.Format($.obj)', 'States.Format: argument 1 (template) must be a string but was an object'],
    // States.StringToJson / States.JsonToString
    ['States.StringToJson(1)', 'States.StringToJson: argument 1 (string) must be a string but was 1'],
    ["States.JsonToString('x')", 'States.JsonToString: argument 1 (path) must be a path but was a literal'],
    [
      'States.JsonToString(States.Array())',
      'States.JsonToString: argument 1 (path) must be a path but was a function call',
    ],
    // arrays
    ['States.ArrayPartition($.obj, 2)', 'States.ArrayPartition: argument 1 (array) must be an array but was an object'],
    ['States.ArrayPartition($.list, 0)', 'States.ArrayPartition: argument 2 (chunk size) must be positive but was 0'],
    ['States.ArrayPartition($.list, -1)', 'States.ArrayPartition: argument 2 (chunk size) must be positive but was -1'],
    [
      'States.ArrayPartition($.list, 1.5)',
      'States.ArrayPartition: argument 2 (chunk size) must be an integer but was 1.5',
    ],
    [
      "States.ArrayPartition($.list, '2')",
      'States.ArrayPartition: argument 2 (chunk size) must be an integer but was "2"',
    ],
    ["States.ArrayContains('abc', 'a')", 'States.ArrayContains: argument 1 (array) must be an array but was "abc"'],
    ['States.ArrayRange(1, 5, 0)', 'States.ArrayRange: argument 3 (step) must not be 0'],
    ['States.ArrayRange(1.5, 5, 1)', 'States.ArrayRange: argument 1 (start) must be an integer but was 1.5'],
    ["States.ArrayRange(1, '5', 1)", 'States.ArrayRange: argument 2 (end) must be an integer but was "5"'],
    [
      'States.ArrayRange(0, 1000, 1)',
      'States.ArrayRange: the range from 0 to 1000 by 1 has 1001 items but at most 1000 are allowed',
    ],
    [
      'States.ArrayRange(1000, -1000, -1)',
      'States.ArrayRange: the range from 1000 to -1000 by -1 has 2001 items but at most 1000 are allowed',
    ],
    ['States.ArrayGetItem($.list, 3)', 'States.ArrayGetItem: argument 2 (index) is 3 but the array has 3 item(s)'],
    ['States.ArrayGetItem($.list, -1)', 'States.ArrayGetItem: argument 2 (index) is -1 but the array has 3 item(s)'],
    ['States.ArrayGetItem($.list, 0.5)', 'States.ArrayGetItem: argument 2 (index) must be an integer but was 0.5'],
    [
      'States.ArrayGetItem(States.Array(), 0)',
      'States.ArrayGetItem: argument 2 (index) is 0 but the array has 0 item(s)',
    ],
    ['States.ArrayGetItem($.name, 0)', 'States.ArrayGetItem: argument 1 (array) must be an array but was "Ada"'],
    ['States.ArrayLength($.obj)', 'States.ArrayLength: argument 1 (array) must be an array but was an object'],
    ['States.ArrayLength(null)', 'States.ArrayLength: argument 1 (array) must be an array but was null'],
    ['States.ArrayUnique(true)', 'States.ArrayUnique: argument 1 (array) must be an array but was true'],
    // encoding and hashing
    [
      'States.Base64Encode($.long)',
      'States.Base64Encode: argument 1 (string) has 10001 characters but at most 10000 are allowed',
    ],
    ['States.Base64Encode(1)', 'States.Base64Encode: argument 1 (string) must be a string but was 1'],
    [
      'States.Base64Decode($.long)',
      'States.Base64Decode: argument 1 (base64) has 10001 characters but at most 10000 are allowed',
    ],
    ["States.Base64Decode('a')", 'States.Base64Decode: argument 1 (base64): the length is not valid for Base64'],
    [
      "States.Base64Decode('YQ=')",
      'States.Base64Decode: argument 1 (base64): the padding (=) does not complete a group of 4',
    ],
    [
      "States.Base64Decode('ab$c')",
      'States.Base64Decode: argument 1 (base64): the character "$" at position 3 is not Base64',
    ],
    [
      "States.Base64Decode('YQ==YQ==')",
      'States.Base64Decode: argument 1 (base64): the character "=" at position 3 is not Base64',
    ],
    [
      "States.Hash('x', 'md5')",
      'States.Hash: argument 2 (algorithm) must be one of MD5, SHA-1, SHA-256, SHA-384, SHA-512 but was "md5"',
    ],
    [
      "States.Hash('x', 'SHA256')",
      'States.Hash: argument 2 (algorithm) must be one of MD5, SHA-1, SHA-256, SHA-384, SHA-512 but was "SHA256"',
    ],
    [
      "States.Hash('x', 'toString')",
      'States.Hash: argument 2 (algorithm) must be one of MD5, SHA-1, SHA-256, SHA-384, SHA-512 but was "toString"',
    ],
    ["States.Hash('x', 1)", 'States.Hash: argument 2 (algorithm) must be a string but was 1'],
    ["States.Hash($.long, 'MD5')", 'States.Hash: argument 1 (data) has 10001 characters but at most 10000 are allowed'],
    ["States.Hash($.big, 'MD5')", 'States.Hash: argument 1 (data) has 10001 characters but at most 10000 are allowed'],
    // JSON merge
    [
      'States.JsonMerge($.obj, $.obj, true)',
      'States.JsonMerge: argument 3 (deep merge) must be false: deep merge is not supported',
    ],
    [
      'States.JsonMerge($.list, $.obj, false)',
      'States.JsonMerge: argument 1 (first object) must be an object but was an array',
    ],
    [
      "States.JsonMerge($.obj, 'x', false)",
      'States.JsonMerge: argument 2 (second object) must be an object but was "x"',
    ],
    [
      "States.JsonMerge($.obj, $.obj, 'false')",
      'States.JsonMerge: argument 3 (deep merge) must be a boolean but was "false"',
    ],
    // math and UUID
    ['States.MathRandom(1, 1, 7)', 'States.MathRandom: argument 2 (end) must be greater than start (1) but was 1'],
    ['States.MathRandom(5, 1, 7)', 'States.MathRandom: argument 2 (end) must be greater than start (5) but was 1'],
    ['States.MathRandom(0.5, 1, 7)', 'States.MathRandom: argument 1 (start) must be an integer but was 0.5'],
    ['States.MathRandom(0, 10, 1.5)', 'States.MathRandom: argument 3 (seed) must be an integer but was 1.5'],
    ['States.MathRandom(0, 10, null)', 'States.MathRandom: argument 3 (seed) must be an integer but was null'],
    [
      'States.MathRandom(1, 5)',
      'States.MathRandom: no source of random numbers is configured (give a seed as argument 3)',
    ],
    ['States.MathAdd(1.5, 1)', 'States.MathAdd: argument 1 (first number) must be an integer but was 1.5'],
    ["States.MathAdd(1, '1')", 'States.MathAdd: argument 2 (second number) must be an integer but was "1"'],
    ['States.MathAdd(1e300, 1)', 'States.MathAdd: argument 1 (first number) must be an integer but was 1e+300'],
    ['States.MathAdd(9007199254740991, 1)', 'States.MathAdd: the sum 9007199254740992 is too large to be exact'],
    ['States.UUID()', 'States.UUID: no source of UUIDs is configured'],
    // string split
    ["States.StringSplit(1, ',')", 'States.StringSplit: argument 1 (string) must be a string but was 1'],
    [
      "States.StringSplit('a,b', $.list)",
      'States.StringSplit: argument 2 (delimiters) must be a string but was an array',
    ],
  ])('%s', (expression, cause) => {
    expect(failureOf(expression).cause).toBe(cause);
  });

  it('reports invalid JSON for States.StringToJson', () => {
    expect(failureOf("States.StringToJson('nope')").cause).toMatch(
      /^States\.StringToJson: argument 1 \(string\) is not valid JSON: /,
    );
    expect(failureOf("States.StringToJson('')").cause).toMatch(/is not valid JSON/);
  });

  it('rejects a random source that leaves [0, 1)', () => {
    expect(failureOf('States.MathRandom(0, 10)', { random: () => 1 }).cause).toBe(
      'States.MathRandom: the random source returned 1, not [0, 1)',
    );
    expect(failureOf('States.MathRandom(0, 10)', { random: () => NaN }).cause).toContain('returned NaN');
  });

  it('checks the argument count before evaluating the arguments', () => {
    let calls = 0;
    const environment = { uuid: () => `u${++calls}` };
    expect(failureOf('States.ArrayLength(States.UUID(), States.UUID())', environment).cause).toBe(
      'States.ArrayLength: takes 1 argument(s) but was given 2',
    );
    expect(calls).toBe(0);
  });
});
