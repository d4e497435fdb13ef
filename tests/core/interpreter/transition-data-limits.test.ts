import { describe, expect, it } from 'vitest';
import type { StateMachineDefinition } from '../../../src/core/definition/asl-types.js';
import { exceedsBytes, utf8Bytes } from '../../../src/core/interpreter/data-limits.js';
import { InterpreterDriver } from './interpreter-driver.js';

const LIMIT = 262_144;

/** A JSON string value whose JSON text (with its quotes) is `bytes` bytes of UTF-8. */
function textOf(bytes: number, unit = 'a'): string {
  return unit.repeat((bytes - 2) / utf8Bytes(unit));
}

function definition(states: Record<string, unknown>, queryLanguage?: 'JSONata'): StateMachineDefinition {
  return {
    ...(queryLanguage ? { QueryLanguage: queryLanguage } : {}),
    StartAt: 'First',
    States: states,
  } as unknown as StateMachineDefinition;
}

function ending(driver: InterpreterDriver): { type: string; details: Record<string, unknown> } {
  const event = driver.events.at(-1)!;
  const key = Object.keys(event).find((name) => name.endsWith('EventDetails'));
  return { type: event.type, details: (key ? event[key] : {}) as Record<string, unknown> };
}

describe('payload size limits (256 KiB of UTF-8)', () => {
  it('counts UTF-8 bytes, not characters', () => {
    expect(utf8Bytes('aé€😀')).toBe(1 + 2 + 3 + 4);
    expect(exceedsBytes(JSON.stringify(textOf(LIMIT)))).toBe(false);
    expect(exceedsBytes(JSON.stringify(textOf(LIMIT + 2)))).toBe(true);
    // 87,382 three-byte characters: under the limit in characters, over it in bytes.
    expect(exceedsBytes(JSON.stringify('€'.repeat(87_382)))).toBe(true);
  });

  it('a task result over the limit fails the task with States.DataLimitExceeded, which States.ALL catches', async () => {
    const driver = await new InterpreterDriver(
      definition({
        First: {
          Type: 'Task',
          Resource: 'arn:aws:lambda:us-east-1:123456789012:function:big',
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
          End: true,
        },
        Caught: { Type: 'Pass', End: true },
      }),
    ).start({});
    await driver.feed({ type: 'TaskSucceeded', taskId: driver.task().taskId, output: textOf(LIMIT + 2, '€') });
    const failed = driver.events.find((event) => event.type === 'LambdaFunctionFailed');
    expect(failed?.lambdaFunctionFailedEventDetails).toEqual({
      error: 'States.DataLimitExceeded',
      cause:
        "The state/task 'arn:aws:lambda:us-east-1:123456789012:function:big' returned a result with a size exceeding the maximum number of bytes service limit.",
    });
    expect(driver.events.map((event) => event.type)).not.toContain('LambdaFunctionSucceeded');
    expect(driver.snapshot?.status).toBe('SUCCEEDED');
    expect(driver.snapshot?.output).toMatchObject({ Error: 'States.DataLimitExceeded' });
  });

  it('a result exactly at the limit is accepted', async () => {
    const driver = await new InterpreterDriver(
      definition({ First: { Type: 'Task', Resource: 'big', End: true } }),
    ).start({});
    const output = textOf(LIMIT);
    await driver.feed({ type: 'TaskSucceeded', taskId: driver.task().taskId, output });
    expect(driver.snapshot?.status).toBe('SUCCEEDED');
    expect(driver.snapshot?.output).toBe(output);
  });

  it('a state output over the limit fails the execution even under a Catch', async () => {
    const driver = await new InterpreterDriver(
      definition({
        First: {
          Type: 'Parallel',
          Branches: [{ StartAt: 'Grow', States: { Grow: { Type: 'Pass', Result: textOf(LIMIT + 100), End: true } } }],
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
          End: true,
        },
        Caught: { Type: 'Pass', End: true },
      }),
    ).start({});
    expect(driver.snapshot?.status).toBe('FAILED');
    expect(ending(driver)).toEqual({
      type: 'ExecutionFailed',
      details: {
        error: 'States.DataLimitExceeded',
        cause:
          "The state/task 'Grow' returned a result with a size exceeding the maximum number of bytes service limit.",
      },
    });
    expect(driver.events.map((event) => event.type)).not.toContain('PassStateExited');
  });

  it('a variable over 256 KiB fails the state with States.DataLimitExceeded', async () => {
    const driver = await new InterpreterDriver(
      definition(
        {
          First: {
            Type: 'Pass',
            Assign: { big: `{% $pad('', ${LIMIT}, 'x') %}` },
            End: true,
          },
        },
        'JSONata',
      ),
    ).start({});
    expect(ending(driver)).toMatchObject({ type: 'ExecutionFailed', details: { error: 'States.DataLimitExceeded' } });
    expect(String(ending(driver).details.cause)).toContain("variable 'big'");
  });

  it('one Assign over 256 KiB in total fails, though each variable fits', async () => {
    const half = `{% $pad('', ${LIMIT / 2}, 'x') %}`;
    const driver = await new InterpreterDriver(
      definition({ First: { Type: 'Pass', Assign: { a: half, b: half }, End: true } }, 'JSONata'),
    ).start({});
    expect(ending(driver)).toMatchObject({ type: 'ExecutionFailed', details: { error: 'States.DataLimitExceeded' } });
    expect(String(ending(driver).details.cause)).toContain('one Assign');
  });

  it('all variables of an execution over 10 MiB fail the state that assigns past it', async () => {
    const chunk = `{% $pad('', ${LIMIT - 10}, 'x') %}`;
    const states: Record<string, unknown> = {};
    for (let i = 0; i < 41; i++) {
      states[i === 0 ? 'First' : `S${i}`] = {
        Type: 'Pass',
        Assign: { [`v${i}`]: chunk },
        ...(i === 40 ? { End: true } : { Next: `S${i + 1}` }),
      };
    }
    const driver = await new InterpreterDriver(definition(states, 'JSONata')).start({});
    expect(ending(driver)).toMatchObject({ type: 'ExecutionFailed', details: { error: 'States.DataLimitExceeded' } });
    const exited = driver.events.filter((event) => event.type === 'PassStateExited');
    expect(exited).toHaveLength(40);
  });
});
