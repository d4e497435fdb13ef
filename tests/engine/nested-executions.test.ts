import { afterEach, describe, expect, it } from 'vitest';
import type { StateMachineDefinition } from '../../src/core/definition/asl-types.js';
import type { HistoryEvent } from '../../src/core/interpreter/history-event.js';
import { Engine } from '../../src/engine/engine.js';
import type { Registry } from '../../src/store/registry-port.js';
import { createEngineFixture, eventTypes, type EngineFixture } from '../helpers/engine-fixture.js';

let fixture: EngineFixture | undefined;
let restarted: Engine | undefined;
afterEach(async () => {
  await restarted?.stop();
  restarted = undefined;
  await fixture?.close();
  fixture = undefined;
});

const ARN_PREFIX = 'arn:aws:states:us-east-1:123456789012';
const HOUR = 3_600_000;

function registryOf(current: EngineFixture): Registry {
  const { registry } = current.store;
  if (!registry) throw new Error('the SQLite store has a registry');
  return registry;
}

async function createMachine(
  current: EngineFixture,
  name: string,
  definition: StateMachineDefinition,
): Promise<string> {
  const stateMachineArn = `${ARN_PREFIX}:stateMachine:${name}`;
  await registryOf(current).createStateMachine({
    stateMachineArn,
    name,
    type: 'STANDARD',
    definition: JSON.stringify(definition),
    roleArn: 'arn:aws:iam::123456789012:role/unwind',
    description: null,
    loggingConfiguration: null,
    tracingConfiguration: null,
    creationDate: current.clock.now(),
    updateDate: null,
    revisionId: 'r1',
  });
  return stateMachineArn;
}

/** Waits an hour, then greets: long enough to span an engine restart. */
const slowChild: StateMachineDefinition = {
  StartAt: 'Pause',
  States: {
    Pause: { Type: 'Wait', Seconds: 3600, Next: 'Greet' },
    Greet: { Type: 'Pass', Parameters: { 'greeting.$': "States.Format('hello {}', $.who)" }, End: true },
  },
};

const failingChild: StateMachineDefinition = {
  StartAt: 'Refuse',
  States: { Refuse: { Type: 'Fail', Error: 'Refused', Cause: 'no room left' } },
};

function parentOf(
  resource: string,
  stateMachineArn: string,
  extra: Record<string, unknown> = {},
): StateMachineDefinition {
  return {
    StartAt: 'Child',
    States: {
      Child: {
        Type: 'Task',
        Resource: resource,
        Parameters: { StateMachineArn: stateMachineArn, Input: { 'who.$': '$.who' } },
        End: true,
        ...extra,
      },
    },
  };
}

function details(events: HistoryEvent[], type: string): Record<string, unknown> {
  const event = events.find((candidate) => candidate.type === type);
  if (!event) throw new Error(`no ${type} event`);
  return event[`${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails`] as Record<string, unknown>;
}

describe('nested executions (states:startExecution)', () => {
  it('.sync:2 waits for the child across an engine restart and returns its description with Output as JSON', async () => {
    fixture = await createEngineFixture({});
    const childArn = await createMachine(fixture, 'greeter', slowChild);
    const parent = await fixture.start(parentOf('arn:aws:states:::states:startExecution.sync:2', childArn), {
      who: 'ada',
    });
    await fixture.engine.drain();
    const waiting = await fixture.store.getHistory(parent);
    expect(eventTypes(waiting).slice(-3)).toEqual(['TaskScheduled', 'TaskStarted', 'TaskSubmitted']);
    expect(details(waiting, 'TaskScheduled')).toMatchObject({
      resourceType: 'states',
      resource: 'startExecution.sync:2',
    });
    const submitted = JSON.parse(details(waiting, 'TaskSubmitted').output as string) as { ExecutionArn: string };
    expect(submitted.ExecutionArn).toMatch(new RegExp(`^${ARN_PREFIX}:execution:greeter:`));
    const child = submitted.ExecutionArn;
    expect((await fixture.store.getExecution(child))?.status).toBe('RUNNING');

    await fixture.engine.stop();
    restarted = new Engine({ store: fixture.store, handlers: {}, clock: fixture.clock });
    await restarted.start();
    fixture.clock.advance(HOUR);
    const record = await restarted.waitForExecution(parent);
    expect(record.status).toBe('SUCCEEDED');
    const childRecord = (await fixture.store.getExecution(child))!;
    expect(JSON.parse(record.output!)).toEqual({
      ExecutionArn: child,
      Input: { who: 'ada' },
      InputDetails: { Included: true },
      Name: childRecord.name,
      Output: { greeting: 'hello ada' },
      OutputDetails: { Included: true },
      StartDate: childRecord.startDate,
      StateMachineArn: childArn,
      Status: 'SUCCEEDED',
      StopDate: childRecord.stopDate,
    });
    const events = await fixture.store.getHistory(parent);
    expect(eventTypes(events)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(details(events, 'TaskSucceeded')).toMatchObject({
      resourceType: 'states',
      resource: 'startExecution.sync:2',
    });
    expect(await fixture.store.listWork(parent)).toEqual([]);
  });

  it('.sync returns Input and Output as JSON text, and records TaskSubmitted even when the child ends at once', async () => {
    fixture = await createEngineFixture({});
    const quick: StateMachineDefinition = { StartAt: 'Echo', States: { Echo: { Type: 'Pass', End: true } } };
    const childArn = await createMachine(fixture, 'echo', quick);
    const { record, events, output } = await fixture.run(
      parentOf('arn:aws:states:::states:startExecution.sync', childArn),
      { who: 'bob' },
    );
    expect(record.status).toBe('SUCCEEDED');
    expect(output).toMatchObject({ Input: '{"who":"bob"}', Output: '{"who":"bob"}', Status: 'SUCCEEDED' });
    expect(eventTypes(events).slice(2, 6)).toEqual(['TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskSucceeded']);
    expect(await fixture.store.listWork(record.executionArn)).toEqual([]);
  });

  it('a failed child fails the task with States.TaskFailed and the child description as cause, which Catch takes', async () => {
    fixture = await createEngineFixture({});
    const childArn = await createMachine(fixture, 'refuser', failingChild);
    const definition = parentOf('arn:aws:states:::states:startExecution.sync:2', childArn, {
      Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'Compensate' }],
    });
    definition.States.Compensate = { Type: 'Pass', End: true };
    const { record, events, output } = await fixture.run(definition, { who: 'eve' });
    expect(record.status).toBe('SUCCEEDED');
    const failed = details(events, 'TaskFailed');
    expect(failed.error).toBe('States.TaskFailed');
    const cause = JSON.parse(failed.cause as string) as Record<string, unknown>;
    expect(cause).toMatchObject({ Error: 'Refused', Cause: 'no room left', Status: 'FAILED', Input: { who: 'eve' } });
    expect(cause).not.toHaveProperty('Output');
    expect(output).toEqual({ Error: 'States.TaskFailed', Cause: failed.cause });
  });

  it('without a pattern, starts the child and returns ExecutionArn and StartDate at once', async () => {
    fixture = await createEngineFixture({});
    const childArn = await createMachine(fixture, 'greeter', slowChild);
    const definition = parentOf('arn:aws:states:::states:startExecution', childArn);
    (definition.States.Child as { Parameters: Record<string, unknown> }).Parameters.Name = 'greet-ada';
    const { record, output, events } = await fixture.run(definition, { who: 'ada' });
    expect(record.status).toBe('SUCCEEDED');
    const child = `${ARN_PREFIX}:execution:greeter:greet-ada`;
    expect(output).toEqual({ ExecutionArn: child, StartDate: (await fixture.store.getExecution(child))!.startDate });
    expect(eventTypes(events)).not.toContain('TaskSubmitted');
    expect((await fixture.store.getExecution(child))?.status).toBe('RUNNING');
    expect((await fixture.finish(child, HOUR)).record.status).toBe('SUCCEEDED');
  });

  it('.waitForTaskToken waits until the child answers the token', async () => {
    fixture = await createEngineFixture({
      answer: async (input: { token: string; who: string }) => {
        await fixture!.engine.sendTaskSuccess(input.token, { answeredBy: input.who });
        return {};
      },
    });
    const child: StateMachineDefinition = {
      StartAt: 'Answer',
      States: { Answer: { Type: 'Task', Resource: 'answer', End: true } },
    };
    const childArn = await createMachine(fixture, 'answerer', child);
    const definition = parentOf('arn:aws:states:::states:startExecution.waitForTaskToken', childArn);
    (definition.States.Child as { Parameters: Record<string, unknown> }).Parameters.Input = {
      'token.$': '$$.Task.Token',
      'who.$': '$.who',
    };
    const { record, output } = await fixture.run(definition, { who: 'kim' });
    expect(record.status).toBe('SUCCEEDED');
    expect(output).toEqual({ answeredBy: 'kim' });
  });

  it('stopping the parent stops its .sync child', async () => {
    fixture = await createEngineFixture({});
    const childArn = await createMachine(fixture, 'greeter', slowChild);
    const parent = await fixture.start(parentOf('arn:aws:states:::states:startExecution.sync', childArn), { who: 'x' });
    await fixture.engine.drain();
    const submitted = details(await fixture.store.getHistory(parent), 'TaskSubmitted');
    const child = (JSON.parse(submitted.output as string) as { ExecutionArn: string }).ExecutionArn;
    await fixture.engine.stopExecution(parent);
    await fixture.engine.drain();
    expect((await fixture.store.getExecution(child))?.status).toBe('ABORTED');
    expect((await fixture.store.getExecution(parent))?.status).toBe('ABORTED');
    expect(eventTypes(await fixture.store.getHistory(parent))).not.toContain('TaskSucceeded');
    expect(await fixture.store.listWork(parent)).toEqual([]);
    expect(await fixture.store.listWork(child)).toEqual([]);
  });

  it('finds a state machine by name (compiled sub-flows) and fails with StateMachineDoesNotExist for an unknown one', async () => {
    fixture = await createEngineFixture({});
    await createMachine(fixture, 'greeter', slowChild);
    const byName = await fixture.start(parentOf('arn:aws:states:::states:startExecution', 'greeter'), { who: 'z' });
    expect((await fixture.finish(byName)).output).toMatchObject({
      ExecutionArn: expect.stringMatching(/:execution:greeter:/) as unknown,
    });
    const missing = await fixture.run(parentOf('arn:aws:states:::states:startExecution.sync:2', 'nowhere'), {
      who: 'z',
    });
    expect(missing.record.status).toBe('FAILED');
    expect(missing.record.error).toBe('StepFunctions.StateMachineDoesNotExistException');
    expect(missing.record.cause).toContain(`State Machine Does Not Exist: '${ARN_PREFIX}:stateMachine:nowhere'`);
  });
});
