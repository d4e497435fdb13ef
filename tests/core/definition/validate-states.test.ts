import { describe, it } from 'vitest';
import { expectProblem, expectValid, machine, pass, scope, single, task, type InvalidCase } from './fixtures.js';

const LONG_NAME = 'x'.repeat(81);

const stateCases: InvalidCase[] = [
  {
    name: 'state not an object',
    definition: single(null as never),
    path: '$.States.Only',
    message: 'must be an object',
  },
  { name: 'Type missing', definition: single({ End: true }), path: '$.States.Only', message: "required field 'Type'" },
  {
    name: 'Type unknown',
    definition: single({ Type: 'Sleep', End: true }),
    path: '$.States.Only.Type',
    message: 'unknown state Type "Sleep"',
  },
  {
    name: 'field not allowed',
    definition: single(pass({ Resource: 'x:y' })),
    path: '$.States.Only.Resource',
    message: "field 'Resource' is not allowed in a Pass state",
  },
  {
    name: 'JSONata field in JSONPath state',
    definition: single(pass({ Output: {} })),
    path: '$.States.Only.Output',
    message: 'is JSONata only',
  },
  {
    name: 'JSONPath field in JSONata state',
    definition: single(pass({ QueryLanguage: 'JSONata', InputPath: '$.a' })),
    path: '$.States.Only.InputPath',
    message: 'is JSONPath only',
  },
  {
    name: 'Comment not a string',
    definition: single(pass({ Comment: [] })),
    path: '$.States.Only.Comment',
    message: 'Comment must be a string',
  },
  {
    name: 'Next not a string',
    definition: single(pass({ End: undefined, Next: 1 })),
    path: '$.States.Only.Next',
    message: 'Next must be a string',
  },
  {
    name: 'Next and End',
    definition: machine({ A: pass({ Next: 'B' }), B: pass() }),
    path: '$.States.A',
    message: 'both Next and End',
  },
  {
    name: 'neither Next nor End',
    definition: machine({ A: { Type: 'Pass' }, B: pass() }),
    path: '$.States.A',
    message: 'either Next or End: true',
  },
  {
    name: 'End false',
    definition: single(pass({ End: false })),
    path: '$.States.Only.End',
    message: 'End must be true',
  },
  {
    name: 'Succeed with End',
    definition: single({ Type: 'Succeed', End: true }),
    path: '$.States.Only.End',
    message: "field 'End' is not allowed in a Succeed state",
  },
  {
    name: 'Fail with Next',
    definition: machine({ F: { Type: 'Fail', Next: 'S' }, S: { Type: 'Succeed' } }),
    path: '$.States.F.Next',
    message: "field 'Next' is not allowed in a Fail state",
  },
  {
    name: 'Choice with End',
    definition: machine({
      C: { Type: 'Choice', Choices: [{ Variable: '$.a', IsNull: true, Next: 'S' }], End: true },
      S: { Type: 'Succeed' },
    }),
    path: '$.States.C.End',
    message: "field 'End' is not allowed in a Choice state",
  },
  {
    name: 'state name too long',
    definition: machine({ [LONG_NAME]: pass() }),
    path: `$.States.${LONG_NAME}`,
    message: '1 to 80 characters',
  },
  {
    name: 'QueryLanguage unknown on a state',
    definition: single(pass({ QueryLanguage: 'jq' })),
    path: '$.States.Only.QueryLanguage',
    message: 'JSONPath or JSONata',
  },
  {
    name: 'JSONPath state in a JSONata machine',
    definition: single(pass({ QueryLanguage: 'JSONPath' }), { QueryLanguage: 'JSONata' }),
    path: '$.States.Only.QueryLanguage',
    message: 'cannot be used in a JSONata state machine',
  },
  {
    name: 'JSONata state with allowJsonata: false',
    definition: single(pass({ QueryLanguage: 'JSONata' })),
    options: { allowJsonata: false },
    path: '$.States.Only.QueryLanguage',
    message: 'JSONata is not supported by this engine yet',
  },
];

const transitionCases: InvalidCase[] = [
  {
    name: 'Next target missing',
    definition: machine({ A: pass({ End: undefined, Next: 'Z' }), B: pass() }),
    path: '$.States.A.Next',
    message: "Next 'Z' does not name a state",
  },
  {
    name: 'Default target missing',
    definition: machine({
      C: { Type: 'Choice', Choices: [{ Variable: '$.a', IsNull: true, Next: 'S' }], Default: 'Z' },
      S: pass(),
    }),
    path: '$.States.C.Default',
    message: "Default 'Z' does not name a state",
  },
  {
    name: 'Choices[].Next target missing',
    definition: machine({
      C: { Type: 'Choice', Choices: [{ Variable: '$.a', IsNull: true, Next: 'Z' }], Default: 'S' },
      S: pass(),
    }),
    path: '$.States.C.Choices[0].Next',
    message: "Choices[0].Next 'Z' does not name a state",
  },
  {
    name: 'Catch[].Next target missing',
    definition: single(task({ Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Z' }] })),
    path: '$.States.Only.Catch[0].Next',
    message: "Catch[0].Next 'Z' does not name a state",
  },
  {
    name: 'branch state targets the outer scope',
    definition: machine({
      P: {
        Type: 'Parallel',
        Branches: [scope({ In: pass({ End: undefined, Next: 'Out' }), In2: pass() })],
        Next: 'Out',
      },
      Out: pass(),
    }),
    path: '$.States.P.Branches[0].States.In.Next',
    message: 'can only go to states of the same scope',
  },
  {
    name: 'outer state targets a branch state',
    definition: machine({ P: { Type: 'Parallel', Branches: [scope({ In: pass() })], Next: 'In' } }),
    path: '$.States.P.Next',
    message: "Next 'In' does not name a state of this scope",
  },
  {
    name: 'duplicate name across scopes',
    definition: machine({ P: { Type: 'Parallel', Branches: [scope({ Done: pass() })], Next: 'Done' }, Done: pass() }),
    path: '$.States.Done',
    message: "state name 'Done' is already used at $.States.P.Branches[0].States.Done",
  },
  {
    name: 'scope without terminal state',
    definition: machine({ A: pass({ End: undefined, Next: 'B' }), B: pass({ End: undefined, Next: 'A' }) }),
    path: '$.States',
    message: 'the state machine has no terminal state',
  },
  {
    name: 'branch without terminal state',
    definition: single({
      Type: 'Parallel',
      End: true,
      Branches: [scope({ W: { Type: 'Wait', Seconds: 1, Next: 'W' } })],
    }),
    path: '$.States.Only.Branches[0].States',
    message: 'a Parallel branch has no terminal state',
  },
  {
    name: 'unreachable state',
    definition: machine({ A: pass(), B: pass() }),
    path: '$.States.B',
    message: "state 'B' cannot be reached from StartAt 'A'",
  },
];

describe('validateDefinition: states', () => {
  it.each(stateCases)('$name', expectProblem);
});

describe('validateDefinition: transitions and scopes', () => {
  it.each(transitionCases)('$name', expectProblem);

  it('follows Next, Default, Choices and Catch for reachability', () => {
    expectValid(
      machine({
        Start: task({ End: undefined, Next: 'Pick', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }] }),
        Pick: { Type: 'Choice', Choices: [{ Variable: '$.a', IsPresent: true, Next: 'Yes' }], Default: 'No' },
        Yes: { Type: 'Succeed' },
        No: { Type: 'Fail', Error: 'No' },
        Caught: pass(),
      }),
    );
  });
});
