import { describe, expect, it } from 'vitest';
import { isFlowText } from '../../src/core/fdl/load-flow.js';
import { parseFlow } from '../../src/core/fdl/parse-flow.js';

const messages = (text: string): string[] =>
  parseFlow(text).problems.map((problem) => `${problem.path}: ${problem.message}`);

describe('parseFlow', () => {
  it('reads every step type and field of a valid flow', () => {
    const { flow, problems } = parseFlow(`version: v1beta1
type: flow
timeoutSeconds: 600
inputMappings: [{target: order, source: $input.order}]
outputMappings: [{target: result, source: $local}]
steps:
  - type: task
    name: Pay
    resourceArn: acs:fc:cn-hangzhou:123:services/shop/functions/Pay
    pattern: waitForCallback
    timeoutSeconds: 30
    inputMappings: [{target: token, source: $context.task.token}]
    outputMappings: [{target: paid, source: $local.ok}]
    errorMappings: [{target: why, source: $local.cause}]
    retry: [{errors: [FC.ResourceThrottled], intervalSeconds: 2, maxIntervalSeconds: 10, maxAttempts: 5, multiplier: 1.5}]
    catch: [{errors: [FnF.ALL], goto: Undo}]
  - type: choice
    name: Route
    choices: [{condition: '$.paid == true', steps: [{type: pass, name: Fine}], goto: Done}]
    default: {goto: Undo}
  - {type: parallel, name: Both, branches: [{steps: [{type: wait, name: W, duration: 3}]}, {steps: [{type: wait, name: T, timestamp: "2026-01-01T00:00:00Z"}]}]}
  - {type: foreach, name: Each, iterationMapping: {collection: $.items, item: it, index: i}, steps: [{type: pass, name: P}]}
  - {type: succeed, name: Done, end: true}
  - {type: fail, name: Undo, error: Failed, cause: paid nothing}
`);
    expect(problems).toEqual([]);
    expect(flow?.version).toBe('v1beta1');
    expect(flow?.steps.map((step) => step.type)).toEqual(['task', 'choice', 'parallel', 'foreach', 'succeed', 'fail']);
    expect(flow?.steps[0]).toMatchObject({
      pattern: 'waitForCallback',
      timeoutSeconds: 30,
      retry: [
        {
          errors: ['FC.ResourceThrottled'],
          intervalSeconds: 2,
          maxIntervalSeconds: 10,
          maxAttempts: 5,
          multiplier: 1.5,
        },
      ],
      catch: [{ errors: ['FnF.ALL'], goto: 'Undo' }],
    });
  });

  it('reports every mistake at once, each with its path, line and column', () => {
    const text = `version: v2
type: flow
steps:
  - type: task
    name: Book
    resourceArn: acs:fc:::services/s/functions/Book
    pattern: fireAndForget
    retry:
      - errors: [FC.Unknown]
        intervalSeconds: 0
    catch:
      - errors: [FnF.ALL]
        goto: Elsewhere
  - type: choice
    name: Route
    choices:
      - condition: $.a ==
        goto: Book
  - type: teleport
    name: Beam
  - type: task
    name: Book
    resourceArn: acs:fnf:::flows/child
    pattern: sync
    colour: blue
  - type: wait
    name: Nap
  - type: pass
    name: Map
    inputMappings:
      - target: x
        source: $nowhere.y
`;
    expect(messages(text)).toEqual([
      "$.version: version must be v1 or v1beta1, not 'v2' (line 1, column 10)",
      '$.steps[0].pattern: pattern must be one of requestResponse, sync, waitForCallback (line 7, column 14)',
      '$.steps[0].retry[0].intervalSeconds: intervalSeconds must be an integer from 1 to 86400 (line 10, column 26)',
      "$.steps[1].choices[0].condition: invalid condition '$.a ==': the condition ends too early (at character 7 of the condition) (line 17, column 20)",
      "$.steps[2].type: unknown step type 'teleport' (expected one of task, pass, choice, parallel, foreach, wait, succeed, fail) (line 19, column 11)",
      "$.steps[3].colour: unknown field 'colour' in a task step (allowed: type, name, end, inputMappings, outputMappings, resourceArn, pattern, timeoutSeconds, errorMappings, retry, catch, serviceParams) (line 25, column 5)",
      "$.steps[3].resourceArn: a sub-flow resource is 'acs:fnf:::flow/<name>' (letters, digits, '-' and '_'), not 'acs:fnf:::flows/child' (line 23, column 18)",
      '$.steps[4]: a wait step needs exactly one of duration or timestamp (line 26, column 5)',
      "$.steps[5].inputMappings[0].source: '$nowhere.y' must start with $input, $local, $context or $. (line 32, column 17)",
      "$.steps[3].name: step name 'Book' is used twice in this list (line 22, column 11)",
    ]);
  });

  it('reports a goto that names no sibling, and an unknown goto inside a branch list', () => {
    const text = `version: v1
type: flow
steps:
  - type: parallel
    name: P
    branches:
      - steps:
          - {type: task, name: T, resourceArn: "acs:fc:::services/s/functions/F", catch: [{errors: [FnF.ALL], goto: Outside}]}
  - {type: pass, name: Outside}
`;
    expect(messages(text)).toEqual([
      "$.steps[0].branches[0].steps[0].catch[0].goto: goto 'Outside' does not name a step of the same list (goto reaches sibling steps only) (line 8, column 117)",
    ]);
  });

  it('reports YAML syntax errors with their line and column', () => {
    expect(messages('version: v1\ntype: flow\nsteps: [\n')[0]).toMatch(
      /^\$: invalid YAML: .*\(line \d+, column \d+\)$/,
    );
  });

  it('tells flows from state machines by their type: flow header', () => {
    expect(isFlowText('version: v1\ntype: flow\nsteps: []\n')).toBe(true);
    expect(isFlowText('{"version": "v1", "type": "flow", "steps": []}')).toBe(true);
    expect(isFlowText('StartAt: A\nStates:\n  A: {Type: Pass, End: true}\n')).toBe(false);
    expect(
      isFlowText('{"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"type": "flow"}, "End": true}}}'),
    ).toBe(false);
  });
});
