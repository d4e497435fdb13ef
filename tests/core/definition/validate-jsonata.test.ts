import { describe, expect, it } from 'vitest';
import { validateDefinition } from '../../../src/core/definition/validate-definition.js';
import { expectProblem, expectValid, machine, pass, single, task, type InvalidCase } from './fixtures.js';

const JSONATA = { QueryLanguage: 'JSONata' };
const jsonataPass = (fields: Record<string, unknown>) => single(pass(fields), JSONATA);

const cases: InvalidCase[] = [
  {
    name: 'expression not closed',
    definition: jsonataPass({ Output: '{% $states.input' }),
    path: '$.States.Only.Output',
    message: "missing its closing '%}'",
  },
  {
    name: 'expression not opened',
    definition: jsonataPass({ Output: { total: '$sum(x) %}' } }),
    path: '$.States.Only.Output.total',
    message: "missing its opening '{%'",
  },
  {
    name: 'empty expression',
    definition: jsonataPass({ Output: ['{%  %}'] }),
    path: '$.States.Only.Output[0]',
    message: 'JSONata expression is empty',
  },
  {
    name: 'Assign value checked',
    definition: jsonataPass({ Assign: { x: '{% 1' } }),
    path: '$.States.Only.Assign.x',
    message: 'missing its closing',
  },
  {
    name: "'states' cannot be assigned",
    definition: jsonataPass({ Assign: { states: 1 } }),
    path: '$.States.Only.Assign.states',
    message: 'reserved',
  },
  {
    name: 'Arguments checked',
    definition: single(task({ Arguments: { a: '{% x' } }), JSONATA),
    path: '$.States.Only.Arguments.a',
    message: 'missing its closing',
  },
  {
    name: 'TimeoutSeconds literal still checked',
    definition: single(task({ TimeoutSeconds: -5 }), JSONATA),
    path: '$.States.Only.TimeoutSeconds',
    message: 'positive integer',
  },
  {
    name: 'Parameters is JSONPath only',
    definition: jsonataPass({ Parameters: {} }),
    path: '$.States.Only.Parameters',
    message: 'is JSONPath only',
  },
  {
    name: 'Condition missing',
    definition: machine({ C: { Type: 'Choice', Choices: [{ Next: 'S' }] }, S: pass() }, JSONATA),
    path: '$.States.C.Choices[0]',
    message: "required field 'Condition'",
  },
  {
    name: 'Condition not boolean nor expression',
    definition: machine({ C: { Type: 'Choice', Choices: [{ Condition: 'yes', Next: 'S' }] }, S: pass() }, JSONATA),
    path: '$.States.C.Choices[0].Condition',
    message: 'Condition must be a boolean',
  },
  {
    name: 'Variable in a JSONata rule',
    definition: machine(
      { C: { Type: 'Choice', Choices: [{ Condition: true, Variable: '$.a', Next: 'S' }] }, S: pass() },
      JSONATA,
    ),
    path: '$.States.C.Choices[0].Variable',
    message: 'is JSONPath only',
  },
  {
    name: 'Map Items neither array nor expression',
    definition: single(
      { Type: 'Map', End: true, Items: 'animals', ItemProcessor: { StartAt: 'I', States: { I: pass() } } },
      JSONATA,
    ),
    path: '$.States.Only.Items',
    message: 'Items must be an array',
  },
];

const mapWith = (fields: Record<string, unknown>) =>
  single({ Type: 'Map', End: true, ItemProcessor: { StartAt: 'I', States: { I: pass() } }, ...fields }, JSONATA);

const syntaxCases: InvalidCase[] = [
  {
    name: 'bad arithmetic in Output',
    definition: jsonataPass({ Output: '{% 10 + * 2 %}' }),
    path: '$.States.Only.Output',
    message: "JSONata syntax error in '{% 10 + * 2 %}': Syntax error: 2 (S0201 at position 9)",
  },
  {
    name: 'unclosed call deep in Arguments',
    definition: single(task({ Arguments: { list: [{ total: '{% $sum($states.input.items %}' }] } }), JSONATA),
    path: '$.States.Only.Arguments.list[0].total',
    message: 'Expected ")" before end of expression (S0203',
  },
  {
    name: 'JSONPath filter inside {% %}',
    definition: jsonataPass({ Output: '{% $.book[?(@.price < 10)] %}' }),
    path: '$.States.Only.Output',
    message: 'cannot be used as a unary operator (S0211',
  },
  {
    name: 'nested Assign value',
    definition: jsonataPass({ Assign: { total: { parts: ['{% 420. %}'] } } }),
    path: '$.States.Only.Assign.total.parts[0]',
    message: 'Unexpected end of expression (S0207',
  },
  {
    name: 'Choice Condition',
    definition: machine(
      { C: { Type: 'Choice', Choices: [{ Condition: '{% $x > %}', Next: 'S' }] }, S: pass() },
      JSONATA,
    ),
    path: '$.States.C.Choices[0].Condition',
    message: 'JSONata syntax error',
  },
  {
    name: 'catcher Output',
    definition: single(task({ Catch: [{ ErrorEquals: ['States.ALL'], Output: '{% ) %}', Next: 'Only' }] }), JSONATA),
    path: '$.States.Only.Catch[0].Output',
    message: 'JSONata syntax error',
  },
  {
    name: 'Map Items',
    definition: mapWith({ Items: '{% [1, 2 %}' }),
    path: '$.States.Only.Items',
    message: 'JSONata syntax error',
  },
  {
    name: 'Wait Seconds',
    definition: single({ Type: 'Wait', Seconds: '{% $delay * %}', End: true }, JSONATA),
    path: '$.States.Only.Seconds',
    message: 'JSONata syntax error',
  },
  {
    name: 'checked in a JSONata state of a JSONPath machine, even without allowJsonata',
    definition: single(pass({ QueryLanguage: 'JSONata', Output: '{% ( %}' })),
    path: '$.States.Only.Output',
    message: 'JSONata syntax error',
    options: {},
  },
];

const assignNameCases: InvalidCase[] = [
  {
    name: 'a dash',
    definition: jsonataPass({ Assign: { 'top-level': 1 } }),
    path: "$.States.Only.Assign['top-level']",
  },
  { name: 'a leading digit', definition: jsonataPass({ Assign: { '1st': 1 } }), path: "$.States.Only.Assign['1st']" },
  { name: 'a leading _', definition: jsonataPass({ Assign: { _tmp: 1 } }), path: '$.States.Only.Assign._tmp' },
  { name: 'a $', definition: single(pass({ Assign: { $x: 1 } })), path: "$.States.Only.Assign['$x']" },
].map((entry) => ({ ...entry, name: `variable name with ${entry.name}`, message: 'must be an identifier' }));

describe('validateDefinition: JSONata syntax', () => {
  it.each(syntaxCases)('$name', expectProblem);

  it.each(assignNameCases)('$name', expectProblem);

  it('accepts Unicode identifiers and JSONata that uses AWS functions, lambdas and regexes', () => {
    expectValid(
      jsonataPass({
        Assign: { café: 1, x_1: 2, Ünïcode: 3, ['v'.repeat(80)]: 4 },
        Output: {
          a: '{% $partition($states.input.items, 2) %}',
          b: '{% $map($order.lines, function($l) { $l.qty * $l.price }) %}',
          c: '{% $match($states.input.id, /^ord-[0-9]+$/i) %}',
          d: '{% $states.input.items[price > 10].{"name": name} %}',
        },
      }),
    );
  });
});

describe('validateDefinition: JSONata states', () => {
  it.each(cases)('$name', expectProblem);

  it('accepts JSONata fields and expressions, with or without inner spaces', () => {
    expectValid(
      machine(
        {
          Work: task({
            Arguments: { id: '{% $states.input.id %}' },
            Output: '{%$states.result%}',
            TimeoutSeconds: '{% 10 %}',
            End: undefined,
            Next: 'Pick',
          }),
          Pick: {
            Type: 'Choice',
            Choices: [{ Condition: '{% $x > 1 %}', Next: 'Wait', Output: { a: 1 } }],
            Default: 'Wait',
          },
          Wait: { Type: 'Wait', Seconds: '{% $delay %}', Assign: { x: '{% 1 %}' }, End: true },
        },
        JSONATA,
      ),
    );
  });

  it('does not read {% %} in Comment or in JSONPath states', () => {
    expectValid(single(pass({ Comment: '{% not an expression', Result: '10 %}' })));
  });

  it('accepts JSONata by default and reports it only with allowJsonata: false', () => {
    const definition = jsonataPass({ Output: '{% 1 %}' });
    expect(validateDefinition(definition, { allowJsonata: false })).toEqual([
      { path: '$.QueryLanguage', message: 'JSONata is not supported by this engine yet' },
    ]);
    expect(validateDefinition(definition)).toEqual([]);
  });
});
