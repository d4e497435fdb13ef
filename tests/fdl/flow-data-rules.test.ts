import { afterEach, describe, expect, it } from 'vitest';
import type { TaskState } from '../../src/core/definition/asl-types.js';
import { compileFlowText } from '../../src/core/fdl/load-flow.js';
import { createFlowKit, eventsOf, outline, type FlowKit } from './flow-test-kit.js';

/** `Echo` returns the `result` field of its input; every input any handler gets is recorded. */
const inputs: { name: string; input: unknown }[] = [];
class ReservationDeclined extends Error {
  override name = 'ReservationDeclined';
}
const handlers = {
  Echo: (input: { result?: unknown }) => {
    inputs.push({ name: 'Echo', input });
    return input.result ?? {};
  },
  Crash: () => Promise.reject(new Error('the process exited')),
  Decline: () => {
    throw new ReservationDeclined('no rooms left');
  },
  Park: (input: unknown) => {
    inputs.push({ name: 'Park', input });
    return {};
  },
};

let kit: FlowKit | undefined;
afterEach(async () => {
  await kit?.close();
  kit = undefined;
  inputs.length = 0;
});

async function run(flow: string, input: Record<string, unknown> = {}) {
  kit = await createFlowKit(handlers);
  return kit.run(`version: v1\ntype: flow\nsteps:\n${flow}`, input as never);
}

const echo = (name: string, result: string, extra = ''): string =>
  `  - {type: task, name: ${name}, resourceArn: "acs:fc:::services/s/functions/Echo", inputMappings: [{target: result, source: ${result}}]${extra}}\n`;

describe('flow data rules', () => {
  it("a scope's $local is the union of its steps' outputs, later keys winning; the flow's output is its $local", async () => {
    const result = await run(echo('One', '{b: 2}') + echo('Two', '{b: 3, c: 4}'), { a: 1 });
    expect(result.output).toEqual({ b: 3, c: 4 });
    expect(eventsOf(result.flowEvents, 'StepExited', 'One')[0]?.eventDetail.local).toEqual({ b: 2 });
    expect(eventsOf(result.flowEvents, 'StepExited', 'Two')[0]?.eventDetail.local).toEqual({ b: 3, c: 4 });
  });

  it("without inputMappings a step's input is the parent's input merged with the parent's $local ($local wins)", async () => {
    const flow =
      echo('One', '{b: 2, c: 1}') + '  - {type: task, name: Two, resourceArn: "acs:fc:::services/s/functions/Echo"}\n';
    const result = await run(flow, { a: 1, b: 0 });
    expect(inputs[1]?.input).toEqual({ a: 1, b: 2, c: 1 });
    expect(eventsOf(result.flowEvents, 'StepEntered', 'Two')[0]?.eventDetail.input).toEqual({ a: 1, b: 2, c: 1 });
  });

  it('mapping sources: $input paths, $local paths, constants of any type; outputMappings read the step input and $local', async () => {
    const flow =
      echo('One', '{x: {y: [10, 20]}}') +
      `  - type: task
    name: Two
    resourceArn: acs:fc:::services/s/functions/Echo
    inputMappings:
      - {target: fromInput, source: $input.order.id}
      - {target: fromLocal, source: "$local.x.y[1]"}
      - {target: list, source: [1, "two"]}
      - {target: text, source: plain}
      - {target: result, source: {r: 1}}
    outputMappings:
      - {target: got, source: $local.r}
      - {target: sent, source: $input.text}
`;
    const result = await run(flow, { order: { id: 'o-1' } });
    expect(inputs[1]?.input).toEqual({
      fromInput: 'o-1',
      fromLocal: 20,
      list: [1, 'two'],
      text: 'plain',
      result: { r: 1 },
    });
    expect(result.output).toEqual({ x: { y: [10, 20] }, got: 1, sent: 'plain' });
  });

  it('pass, parallel and foreach steps without outputMappings add nothing to $local', async () => {
    const flow = `  - {type: pass, name: Nothing}
  - type: parallel
    name: Both
    branches:
      - steps: [{type: task, name: L, resourceArn: "acs:fc:::services/s/functions/Echo", inputMappings: [{target: result, source: {left: 1}}]}]
      - steps: [{type: task, name: R, resourceArn: "acs:fc:::services/s/functions/Echo", inputMappings: [{target: result, source: {right: 2}}]}]
  - type: foreach
    name: Each
    iterationMapping: {collection: $.items, item: item}
    steps: [{type: pass, name: P}]
`;
    const result = await run(flow, { items: [1, 2] });
    expect(result.output).toEqual({});
  });

  it("a parallel step's $local is the array of its branches' $local, read with wildcards", async () => {
    const flow = `  - type: parallel
    name: Both
    outputMappings: [{target: names, source: "$local[*].name"}, {target: first, source: "$local[0]"}]
    branches:
      - steps:
          - {type: task, name: L, resourceArn: "acs:fc:::services/s/functions/Echo", inputMappings: [{target: result, source: {name: left}}]}
          - {type: task, name: L2, resourceArn: "acs:fc:::services/s/functions/Echo"}
      - steps: [{type: task, name: R, resourceArn: "acs:fc:::services/s/functions/Echo", inputMappings: [{target: result, source: {name: right}}]}]
`;
    const result = await run(flow, { a: 1 });
    expect(result.output).toEqual({ names: ['left', 'right'], first: { name: 'left' } });
    // Inside a branch, a step's default input is the branch input (the parallel step's) merged with the branch's $local.
    expect(
      inputs.find(
        (entry) => (entry.input as { name?: string }).name === 'left' && !('result' in (entry.input as object)),
      )?.input,
    ).toEqual({ a: 1, name: 'left' });
    expect(outline(result.flowEvents).filter((line) => line.startsWith('Branch'))).toEqual(
      expect.arrayContaining(['BranchEntered Both', 'BranchExited Both']),
    );
  });

  it("foreach merges item and index into each iteration's input; its $local is the array of iteration locals", async () => {
    const flow = `  - type: foreach
    name: Each
    iterationMapping: {collection: $.names, item: who, index: at}
    outputMappings: [{target: greetings, source: "$local[*].greeting"}]
    steps:
      - type: task
        name: Greet
        resourceArn: acs:fc:::services/s/functions/Echo
        inputMappings: [{target: result, source: {greeting: $input.who}}, {target: at, source: $input.at}, {target: tag, source: $input.tag}]
`;
    const result = await run(flow, { names: ['ann', 'bob'], tag: 't' });
    // A constant object source is a constant: its strings are not paths.
    expect(result.output).toEqual({ greetings: ['$input.who', '$input.who'] });
    expect(inputs.map((entry) => entry.input)).toEqual(
      expect.arrayContaining([
        { result: { greeting: '$input.who' }, at: 0, tag: 't' },
        { result: { greeting: '$input.who' }, at: 1, tag: 't' },
      ]),
    );
    expect(outline(result.flowEvents).filter((line) => line.startsWith('Iteration'))).toEqual([
      'IterationEntered Each',
      'IterationEntered Each',
      'IterationExited Each',
      'IterationExited Each',
    ]);
  });

  it('goto reaches a sibling; FnF.ALL catches any error; errorMappings read $local.error and $local.cause', async () => {
    const flow = `  - type: task
    name: Book
    resourceArn: acs:fc:::services/s/functions/Decline
    errorMappings: [{target: why, source: $local.error}, {target: detail, source: $local.cause}]
    catch: [{errors: [FnF.ALL], goto: Undo}]
  - {type: succeed, name: Done}
  - {type: pass, name: Undo, outputMappings: [{target: undone, source: true}]}
`;
    const result = await run(flow);
    expect(result.record.status).toBe('SUCCEEDED');
    expect(result.output).toEqual({ why: 'ReservationDeclined', detail: 'no rooms left', undone: true });
  });

  it('a handler that rejects without an error name fails with FC.Unknown, which retry and catch match', async () => {
    const flow = `  - type: task
    name: Crashes
    resourceArn: acs:fc:::services/s/functions/Crash
    retry: [{errors: [FC.Unknown], maxAttempts: 1}]
    catch: [{errors: [FC.Unknown], goto: After}]
  - {type: succeed, name: Never}
  - {type: pass, name: After, outputMappings: [{target: recovered, source: true}]}
`;
    const result = await run(flow);
    expect(result.output).toEqual({ recovered: true });
    expect(eventsOf(result.flowEvents, 'TaskFailed', 'Crashes').map((event) => event.eventDetail)).toEqual([
      { error: 'FC.Unknown', cause: '{"errorMessage":"the process exited"}' },
      { error: 'FC.Unknown', cause: '{"errorMessage":"the process exited"}' },
    ]);
  });

  it('FnF.TaskTimeout matches a task timeout (timeoutSeconds), and errorMappings see it by that name', () => {
    const flow = `version: v1
type: flow
steps:
  - type: task
    name: Slow
    resourceArn: acs:fc:::services/s/functions/Echo
    timeoutSeconds: 5
    retry: [{errors: [FnF.TaskTimeout], maxIntervalSeconds: 9}]
    errorMappings: [{target: timedOut, source: $local.error}]
    catch: [{errors: [FnF.TaskTimeout, FC.Unknown], goto: After}]
  - {type: pass, name: After}
`;
    const task = compileFlowText(flow).definition?.States.Slow as TaskState;
    expect(task.TimeoutSeconds).toBe(5);
    expect(task.Retry).toEqual([{ ErrorEquals: ['States.Timeout'], MaxDelaySeconds: 9 }]);
    expect(task.Catch?.[0]?.ErrorEquals).toEqual(['States.Timeout', 'FC.Unknown']);
    expect(task.Catch?.[0]?.Output).toContain('"FnF.TaskTimeout"');
  });

  it('a choice runs the first branch whose condition holds, then its goto; its $local is the branch result', async () => {
    const flow = `  - type: choice
    name: Route
    choices:
      - condition: $.kind == "vip" && $.count > 2
        steps: [{type: pass, name: Vip, outputMappings: [{target: lane, source: vip}]}]
        goto: Finish
      - condition: '!($.kind == "vip")'
        steps: [{type: pass, name: Normal, outputMappings: [{target: lane, source: normal}]}]
    default:
      goto: Finish
  - {type: pass, name: Middle, outputMappings: [{target: middle, source: true}]}
  - {type: pass, name: Finish, outputMappings: [{target: finished, source: true}]}
`;
    const vip = await run(flow, { kind: 'vip', count: 3 });
    expect(vip.output).toEqual({ lane: 'vip', finished: true });
    await kit?.close();
    const normal = await run(flow, { kind: 'std', count: 3 });
    expect(normal.output).toEqual({ lane: 'normal', middle: true, finished: true });
    expect(outline(normal.flowEvents).slice(0, 8)).toEqual([
      'ExecutionStarted',
      'StepEntered Route',
      'StepStarted Route',
      'StepEntered Normal',
      'StepStarted Normal',
      'StepExited Normal',
      'StepExited Route',
      'StepEntered Middle',
    ]);
    await kit?.close();
    const neither = await run(flow, { kind: 'vip', count: 1 });
    expect(neither.output).toEqual({ finished: true });
  });

  it('waitForCallback passes $context.task.token and waits for the token to be answered', async () => {
    const flow = `  - type: task
    name: Approve
    resourceArn: acs:fc:::services/s/functions/Park
    pattern: waitForCallback
    inputMappings: [{target: token, source: $context.task.token}, {target: order, source: $input.order}]
`;
    kit = await createFlowKit(handlers);
    const definition = kit.load(`version: v1\ntype: flow\nsteps:\n${flow}`);
    const arn = await kit.fixture.start(definition, { order: 7 });
    await kit.fixture.engine.drain();
    const parked = inputs.find((entry) => entry.name === 'Park')?.input as { token: string; order: number };
    expect(parked.order).toBe(7);
    await kit.fixture.engine.sendTaskSuccess(parked.token, { approved: true });
    const result = await kit.fixture.finish(arn);
    expect(result.output).toEqual({ approved: true });
  });

  it('a wait step waits its duration on the injected clock', async () => {
    const result = await run('  - {type: wait, name: Pause, duration: $.seconds}\n  - {type: pass, name: Then}\n', {
      seconds: 30,
    });
    const entered = Date.parse(eventsOf(result.flowEvents, 'StepEntered', 'Pause')[0]?.time ?? '');
    const exited = Date.parse(eventsOf(result.flowEvents, 'StepExited', 'Pause')[0]?.time ?? '');
    expect(exited - entered).toBe(30_000);
  });
});
