import { describe, it } from 'vitest';
import { expectProblem, expectValid, pass, single, task, type InvalidCase } from './fixtures.js';

const withParameters = (Parameters: unknown) => single(pass({ Parameters }));

const pathCases: InvalidCase[] = [
  {
    name: 'InputPath invalid syntax',
    definition: single(pass({ InputPath: '$.a[' })),
    path: '$.States.Only.InputPath',
    message: "Invalid JSONPath '$.a['",
  },
  {
    name: 'InputPath without $',
    definition: single(pass({ InputPath: 'a.b' })),
    path: '$.States.Only.InputPath',
    message: "'a.b' is not a path",
  },
  {
    name: 'InputPath an intrinsic',
    definition: single(pass({ InputPath: 'States.UUID()' })),
    path: '$.States.Only.InputPath',
    message: 'is not a path',
  },
  {
    name: 'OutputPath a number',
    definition: single(pass({ OutputPath: 3 })),
    path: '$.States.Only.OutputPath',
    message: 'OutputPath must be a path string or null',
  },
  {
    name: 'ResultPath into the context object',
    definition: single(pass({ ResultPath: '$$.Execution' })),
    path: '$.States.Only.ResultPath',
    message: 'context object',
  },
  {
    name: 'ResultPath into a variable',
    definition: single(pass({ ResultPath: '$total' })),
    path: '$.States.Only.ResultPath',
    message: 'cannot write into a variable',
  },
  {
    name: 'ResultPath not a reference path',
    definition: single(pass({ ResultPath: '$.a[*]' })),
    path: '$.States.Only.ResultPath',
    message: 'must be a reference path',
  },
  {
    name: 'ResultPath a number',
    definition: single(pass({ ResultPath: 1 })),
    path: '$.States.Only.ResultPath',
    message: 'reference path string or null',
  },
];

const templateCases: InvalidCase[] = [
  {
    name: '.$ value not a string',
    definition: withParameters({ 'a.$': 1 }),
    path: "$.States.Only.Parameters['a.$']",
    message: "the value of 'a.$' must be a string",
  },
  {
    name: '.$ value neither path nor call',
    definition: withParameters({ 'a.$': 'hello' }),
    path: "$.States.Only.Parameters['a.$']",
    message: "'hello' is neither a path",
  },
  {
    name: '.$ value invalid path',
    definition: withParameters({ 'a.$': '$.x[' }),
    path: "$.States.Only.Parameters['a.$']",
    message: 'Invalid JSONPath',
  },
  {
    name: 'nested .$ value in an array',
    definition: withParameters({ list: [{ 'b.$': '$..[' }] }),
    path: "$.States.Only.Parameters.list[0]['b.$']",
    message: 'Invalid JSONPath',
  },
  {
    name: 'duplicate field after stripping .$',
    definition: withParameters({ id: 1, 'id.$': '$.id' }),
    path: '$.States.Only.Parameters',
    message: "duplicate field 'id'",
  },
  {
    name: 'inherited property name as a function',
    definition: withParameters({ 'a.$': 'toString()' }),
    path: "$.States.Only.Parameters['a.$']",
    message: "unknown intrinsic function 'toString'",
  },
  {
    name: 'unknown intrinsic',
    definition: withParameters({ 'a.$': 'States.Upper($.a)' }),
    path: "$.States.Only.Parameters['a.$']",
    message: "unknown intrinsic function 'States.Upper'",
  },
  {
    name: 'intrinsic not closed',
    definition: withParameters({ 'a.$': "States.Format('x', $.a" }),
    path: "$.States.Only.Parameters['a.$']",
    message: 'invalid intrinsic function call',
  },
  {
    name: 'intrinsic unterminated string',
    definition: withParameters({ 'a.$': "States.Format('x)" }),
    path: "$.States.Only.Parameters['a.$']",
    message: 'closing quote',
  },
  {
    name: 'intrinsic arity',
    definition: withParameters({ 'a.$': 'States.ArrayLength($.a, $.b)' }),
    path: "$.States.Only.Parameters['a.$']",
    message: 'takes 1 argument(s) but was given 2',
  },
  {
    name: 'intrinsic literal type',
    definition: withParameters({ 'a.$': "States.ArrayRange(1, 'ten', 1)" }),
    path: "$.States.Only.Parameters['a.$']",
    message: 'argument 2 of States.ArrayRange must be of type number',
  },
  {
    name: 'intrinsic path argument',
    definition: withParameters({ 'a.$': 'States.JsonToString(States.UUID())' }),
    path: "$.States.Only.Parameters['a.$']",
    message: 'must be a path',
  },
  {
    name: 'intrinsic invalid nested path',
    definition: withParameters({ 'a.$': 'States.ArrayLength($.a.)' }),
    path: "$.States.Only.Parameters['a.$']",
    message: 'Invalid JSONPath',
  },
  {
    name: 'ResultSelector checked too',
    definition: single(task({ ResultSelector: { 'r.$': 'result' } })),
    path: "$.States.Only.ResultSelector['r.$']",
    message: 'neither a path',
  },
  {
    name: 'Credentials checked too',
    definition: single(task({ Credentials: { 'RoleArn.$': 'role' } })),
    path: "$.States.Only.Credentials['RoleArn.$']",
    message: 'neither a path',
  },
];

const assignCases: InvalidCase[] = [
  {
    name: 'Assign not an object',
    definition: single(pass({ Assign: [] })),
    path: '$.States.Only.Assign',
    message: 'Assign must be an object',
  },
  {
    name: 'variable sub-path',
    definition: single(pass({ Assign: { 'a.b': 1 } })),
    path: "$.States.Only.Assign['a.b']",
    message: 'no sub-path assignment',
  },
  {
    name: 'variable name too long',
    definition: single(pass({ Assign: { ['v'.repeat(81)]: 1 } })),
    path: `$.States.Only.Assign.${'v'.repeat(81)}`,
    message: '1 to 80 characters',
  },
  {
    name: 'Assign .$ value',
    definition: single(pass({ Assign: { 'total.$': 'sum' } })),
    path: "$.States.Only.Assign['total.$']",
    message: 'neither a path',
  },
  {
    name: 'Assign on a Succeed state',
    definition: single({ Type: 'Succeed', Assign: { a: 1 } }),
    path: '$.States.Only.Assign',
    message: "field 'Assign' is not allowed in a Succeed state",
  },
];

describe('validateDefinition: paths', () => {
  it.each(pathCases)('$name', expectProblem);

  it('accepts null paths, context paths, variables and reference paths', () => {
    expectValid(single(pass({ InputPath: null, OutputPath: null, ResultPath: null })));
    expectValid(
      single(pass({ InputPath: '$$.Execution.Input', OutputPath: '$.items[0]', ResultPath: '$.out.result' })),
    );
    expectValid(single(pass({ InputPath: '$.items[?(@.price > 10)]', OutputPath: '$customer.address' })));
  });
});

describe('validateDefinition: payload templates and intrinsic functions', () => {
  it.each(templateCases)('$name', expectProblem);

  it('accepts paths, context paths, variables and every intrinsic function', () => {
    expectValid(
      withParameters({
        'input.$': '$',
        'context.$': '$$.Execution.Id',
        'variable.$': '$customer',
        'format.$': "States.Format('Hello {}, it\\'s {}', $.name, States.MathAdd($.a, -1))",
        'array.$': "States.Array('a', 1, 2.5, null, true, $.x)",
        'merge.$': 'States.JsonMerge($.a, $.b, false)',
        'random.$': 'States.MathRandom(1, 10)',
        'uuid.$': 'States.UUID()',
        nested: [{ 'hash.$': "States.Hash($.data, 'SHA-256')" }],
      }),
    );
  });
});

describe('validateDefinition: Assign', () => {
  it.each(assignCases)('$name', expectProblem);

  it('accepts literal and dynamic variables', () => {
    expectValid(single(pass({ Assign: { count: 1, 'total.$': '$.total', 'id.$': 'States.UUID()' } })));
  });
});
