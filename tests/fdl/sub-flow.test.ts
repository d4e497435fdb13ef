import { afterEach, describe, expect, it } from 'vitest';
import { parseFlow } from '../../src/core/fdl/parse-flow.js';
import type { TaskHandlers } from '../../src/engine/task-handler.js';
import { createFlowKit, outline, type FlowKit } from './flow-test-kit.js';

/**
 * Sub-flows (`acs:fnf:::flow/<name>`) run as child executions of the flow registered under that name:
 * `sync` waits for the child and the step's `$local` is the child's output; `requestResponse` only
 * starts it.
 */
const child = `version: v1
type: flow
steps:
  - type: task
    name: Charge
    resourceArn: acs:fc:cn-hangzhou:123:services/pay/functions/Charge
`;

const parent = (pattern: string): string => `version: v1
type: flow
steps:
  - type: task
    name: Book
    resourceArn: acs:fc:cn-hangzhou:123:services/trip/functions/Book
  - type: task
    name: Pay
    resourceArn: acs:fnf:::flow/payment-flow
    pattern: ${pattern}
  - type: pass
    name: Done
`;

const handlers: TaskHandlers = {
  Book: (input) => Promise.resolve({ bookingId: `B-${(input as { order: number }).order}` }),
  Charge: (input) => Promise.resolve({ charged: (input as { bookingId: string }).bookingId }),
};

let kit: FlowKit | undefined;
afterEach(async () => {
  await kit?.close();
  kit = undefined;
});

async function registerChild(current: FlowKit): Promise<void> {
  const registry = current.fixture.store.registry!;
  await registry.createStateMachine({
    stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:payment-flow',
    name: 'payment-flow',
    type: 'STANDARD',
    definition: child,
    roleArn: 'arn:aws:iam::123456789012:role/unwind',
    description: null,
    loggingConfiguration: null,
    tracingConfiguration: null,
    creationDate: current.fixture.clock.now(),
    updateDate: null,
    revisionId: 'r1',
  });
}

describe('FDL sub-flows', () => {
  it('runs a sync sub-flow as a child execution and merges its output into $local', async () => {
    kit = await createFlowKit(handlers);
    await registerChild(kit);
    const run = await kit.run(parent('sync'), { order: 7 });
    expect(run.record.status).toBe('SUCCEEDED');
    // Done's output is the root's $local: Book's result, then the child's output (later keys win).
    expect(run.output).toEqual({ bookingId: 'B-7', charged: 'B-7' });
    expect(outline(run.flowEvents)).toContain('StepExited Pay');
    const children = await kit.fixture.store.listExecutions({
      stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:payment-flow',
    });
    expect(children.map((execution) => execution.status)).toEqual(['SUCCEEDED']);
    expect(JSON.parse(children[0]!.input)).toMatchObject({ order: 7, bookingId: 'B-7' });
  });

  it('only starts a requestResponse sub-flow', async () => {
    kit = await createFlowKit(handlers);
    await registerChild(kit);
    const run = await kit.run(parent('requestResponse'), { order: 8 });
    expect(run.record.status).toBe('SUCCEEDED');
    const output = run.output as Record<string, unknown>;
    expect(output['ExecutionArn']).toMatch(/:execution:payment-flow:/);
  });

  it('fails the step when the sub-flow is not registered', async () => {
    kit = await createFlowKit(handlers);
    const run = await kit.run(parent('sync'), { order: 9 });
    expect(run.record.status).toBe('FAILED');
  });

  it('reports a malformed sub-flow resource and a callback sub-flow with line and column', () => {
    const text = parent('waitForCallback').replace('acs:fnf:::flow/payment-flow', 'acs:fnf:::flows/x y');
    const problems = parseFlow(text).problems.map((problem) => `${problem.path} ${problem.message}`);
    expect(problems).toContainEqual(expect.stringMatching(/acs:fnf:::flow\/<name>.*\(line 9, column 18\)$/));
    expect(problems).toContainEqual(expect.stringMatching(/sync or requestResponse \(line 10, column 14\)$/));
  });
});
