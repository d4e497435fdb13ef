import { describe, expect, it } from 'vitest';
import type { StateMachineDefinition } from '../../../src/core/definition/asl-types.js';
import { InterpreterDriver } from './interpreter-driver.js';

function jsonata(states: Record<string, unknown>): StateMachineDefinition {
  return { QueryLanguage: 'JSONata', StartAt: 'First', States: states } as unknown as StateMachineDefinition;
}

function failure(driver: InterpreterDriver): { error?: string; cause?: string } {
  const event = driver.events.find((candidate) => candidate.type === 'ExecutionFailed');
  return event?.executionFailedEventDetails ?? {};
}

describe('a JSONata expression that returns nothing', () => {
  it.each([
    ['Output', { Output: '{% $states.input.absent %}' }, 'Output'],
    ['a key of Output', { Output: { kept: 1, v: '{% $states.input.absent %}' } }, 'Output/v'],
    ['an array item', { Output: { list: [1, '{% $states.input.absent %}'] } }, 'Output/list[1]'],
    ['Assign', { Assign: { x: '{% $states.input.absent %}' } }, 'Assign/x'],
  ])('in %s fails the state with States.QueryEvaluationError naming the field', async (_name, fields, field) => {
    const driver = await new InterpreterDriver(jsonata({ First: { Type: 'Pass', End: true, ...fields } })).start({
      present: 1,
    });
    expect(failure(driver)).toEqual({
      error: 'States.QueryEvaluationError',
      cause:
        "An error occurred while executing the state 'First' (entered at the event id #2). " +
        `The JSONata expression '$states.input.absent' specified for the field '${field}' returned nothing (undefined).`,
    });
    expect(driver.events.map((event) => event.type)).not.toContain('PassStateExited');
  });

  it('in a Task Arguments field is caught by a Catch on States.QueryEvaluationError', async () => {
    const driver = await new InterpreterDriver(
      jsonata({
        First: {
          Type: 'Task',
          Resource: 'reserve',
          Arguments: { id: '{% $states.input.missing %}' },
          Catch: [{ ErrorEquals: ['States.QueryEvaluationError'], Next: 'Handled' }],
          End: true,
        },
        Handled: { Type: 'Pass', End: true },
      }),
    ).start({});
    expect(driver.invocations()).toEqual([]);
    expect(driver.snapshot?.status).toBe('SUCCEEDED');
    expect(driver.snapshot?.output).toMatchObject({ Error: 'States.QueryEvaluationError' });
  });

  it('in a Task TimeoutSeconds is an error rather than no timeout', async () => {
    const driver = await new InterpreterDriver(
      jsonata({ First: { Type: 'Task', Resource: 'reserve', TimeoutSeconds: '{% $states.input.limit %}', End: true } }),
    ).start({});
    expect(failure(driver).error).toBe('States.QueryEvaluationError');
    expect(failure(driver).cause).toContain("the field 'TimeoutSeconds' returned nothing");
  });

  it('in a Choice Condition fails the state', async () => {
    const driver = await new InterpreterDriver(
      jsonata({
        First: { Type: 'Choice', Choices: [{ Condition: '{% $states.input.flag %}', Next: 'Done' }], Default: 'Done' },
        Done: { Type: 'Succeed' },
      }),
    ).start({});
    expect(failure(driver).error).toBe('States.QueryEvaluationError');
    expect(failure(driver).cause).toContain(
      "'$states.input.flag' specified for the field 'Condition' returned nothing",
    );
  });

  it('a value of null is a value: it is kept', async () => {
    const driver = await new InterpreterDriver(
      jsonata({ First: { Type: 'Pass', Output: { v: '{% $states.input.present %}' }, End: true } }),
    ).start({ present: null });
    expect(driver.snapshot?.status).toBe('SUCCEEDED');
    expect(driver.snapshot?.output).toEqual({ v: null });
  });
});

describe('the EvaluationFailed event', () => {
  it('is recorded before the failure, with error, cause, the field as location, and the state', async () => {
    const driver = await new InterpreterDriver(
      jsonata({ First: { Type: 'Pass', Output: { v: '{% $states.input.absent %}' }, End: true } }),
    ).start({});
    expect(driver.events.map((event) => event.type)).toEqual([
      'ExecutionStarted',
      'PassStateEntered',
      'EvaluationFailed',
      'ExecutionFailed',
    ]);
    const evaluation = driver.events[2]!;
    expect(evaluation.previousEventId).toBe(2);
    expect(evaluation.evaluationFailedEventDetails).toEqual({
      error: 'States.QueryEvaluationError',
      cause: failure(driver).cause,
      location: 'Output/v',
      state: 'First',
    });
  });

  it('is recorded when a Catch then takes the error', async () => {
    const driver = await new InterpreterDriver(
      jsonata({
        First: {
          Type: 'Task',
          Resource: 'reserve',
          Arguments: { id: '{% $states.input.missing %}' },
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Handled' }],
          End: true,
        },
        Handled: { Type: 'Pass', End: true },
      }),
    ).start({});
    const types = driver.events.map((event) => event.type);
    expect(types.indexOf('EvaluationFailed')).toBe(types.indexOf('TaskStateEntered') + 1);
    expect(driver.snapshot?.status).toBe('SUCCEEDED');
  });

  it('is not recorded for errors other than JSONata evaluation (a Fail state)', async () => {
    const driver = await new InterpreterDriver(
      jsonata({ First: { Type: 'Fail', Error: 'Nope', Cause: 'by design' } }),
    ).start({});
    expect(driver.events.map((event) => event.type)).not.toContain('EvaluationFailed');
  });
});
