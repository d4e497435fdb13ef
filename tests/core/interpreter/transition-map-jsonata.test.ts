import { describe, expect, it } from 'vitest';
import type { MapState, StateMachineDefinition } from '../../../src/core/definition/asl-types.js';
import { InterpreterDriver } from './interpreter-driver.js';

function mapMachine(fields: Partial<MapState>, jsonata = false): StateMachineDefinition {
  return {
    ...(jsonata ? { QueryLanguage: 'JSONata' as const } : {}),
    StartAt: 'Each',
    States: {
      Each: {
        Type: 'Map',
        ItemProcessor: { StartAt: 'Do', States: { Do: { Type: 'Task', Resource: 'Do', End: true } } },
        End: true,
        ...fields,
      },
    },
  };
}

describe('Map tolerated failures', () => {
  it('keeps going within ToleratedFailureCount and records the error output as the item result', async () => {
    const run = await new InterpreterDriver(mapMachine({ ToleratedFailureCount: 1 })).start([1, 2, 3]);
    const [a, b, c] = run.invocations();
    await run.fail('Bad', 'item 2', b);
    expect(run.status).toBe('RUNNING');
    await run.succeed('A', a);
    await run.succeed('C', c);
    expect(run.output).toEqual(['A', { Error: 'Bad', Cause: 'item 2' }, 'C']);
  });

  it('fails with States.ExceedToleratedFailureThreshold beyond the tolerated percentage', async () => {
    const run = await new InterpreterDriver(mapMachine({ ToleratedFailurePercentage: 30 })).start([1, 2, 3]);
    const [a, b, c] = run.invocations();
    await run.fail('Bad', '', a);
    expect(run.status).toBe('FAILED');
    expect(run.snapshot?.error).toBe('States.ExceedToleratedFailureThreshold');
    expect(run.cancelled().sort()).toEqual([b!.taskId, c!.taskId].sort());
  });

  it('without a tolerance, the Map fails with the iteration error', async () => {
    const run = await new InterpreterDriver(mapMachine({})).start([1]);
    await run.fail('Bad', 'why');
    expect(run.snapshot?.error).toBe('Bad');
  });
});

describe('JSONata Map and Parallel', () => {
  it('Map takes Items, ItemSelector with $states.context.Map.Item, Output and Assign', async () => {
    const run = await new InterpreterDriver(
      mapMachine(
        {
          Items: '{% $states.input.orders %}',
          ItemSelector: {
            id: '{% $states.context.Map.Item.Value.id %}',
            position: '{% $states.context.Map.Item.Index %}',
          },
          Output: '{% $count($states.result) %}',
          Assign: { processed: '{% $states.result %}' },
          MaxConcurrency: '{% 1 %}' as unknown as number,
        },
        true,
      ),
    ).start({ orders: [{ id: 'a' }, { id: 'b' }] });
    expect(run.invocations().map((task) => task.input)).toEqual([{ id: 'a', position: 0 }]);
    await run.succeed('A');
    expect(run.invocations().map((task) => task.input)).toEqual([{ id: 'b', position: 1 }]);
    await run.succeed('B');
    expect(run.output).toBe(2);
    expect(run.snapshot?.status).toBe('SUCCEEDED');
    const exited = run.events.find((event) => event.type === 'MapStateExited')!;
    expect((exited.stateExitedEventDetails as { assignedVariables: Record<string, string> }).assignedVariables).toEqual(
      {
        processed: '["A","B"]',
      },
    );
  });

  it('Parallel passes Arguments to every branch and shapes the results with Output', async () => {
    const run = await new InterpreterDriver({
      QueryLanguage: 'JSONata',
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          Arguments: { n: '{% $states.input.value * 10 %}' },
          Branches: [
            { StartAt: 'L', States: { L: { Type: 'Pass', Output: '{% $states.input.n + 1 %}', End: true } } },
            { StartAt: 'R', States: { R: { Type: 'Pass', Output: '{% $states.input.n + 2 %}', End: true } } },
          ],
          Output: '{% $sum($states.result) %}',
          End: true,
        },
      },
    }).start({ value: 4 });
    expect(run.output).toBe(83);
  });
});
