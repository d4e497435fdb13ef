import { describe, expect, it } from 'vitest';
import type { StateMachineDefinition } from '../../../src/core/definition/asl-types.js';
import { validateDefinition } from '../../../src/core/definition/validate-definition.js';
import { InterpreterDriver } from './interpreter-driver.js';

function parallelAssigning(innerName: string, catcherAssign?: Record<string, unknown>): Record<string, unknown> {
  return {
    QueryLanguage: 'JSONata',
    StartAt: 'Init',
    States: {
      Init: { Type: 'Pass', Assign: { total: 1 }, Next: 'Fork' },
      Fork: {
        Type: 'Parallel',
        Branches: [
          {
            StartAt: 'Inner',
            States: {
              Inner: { Type: 'Pass', Assign: { [innerName]: '{% $total + 1 %}' }, Output: '{% $total %}', End: true },
            },
          },
        ],
        ...(catcherAssign ? { Catch: [{ ErrorEquals: ['States.ALL'], Assign: catcherAssign, Next: 'Done' }] } : {}),
        Next: 'Done',
      },
      Done: { Type: 'Succeed' },
    },
  };
}

describe('variable scopes', () => {
  it('rejects an Assign in a Parallel branch of a name the outer scope assigns', () => {
    expect(validateDefinition(parallelAssigning('total'))).toEqual([
      {
        path: '$.States.Fork.Branches[0].States.Inner.Assign',
        message:
          "variable 'total' is assigned in an outer scope and cannot be assigned again in a Parallel branch or Map iteration",
      },
    ]);
  });

  it('rejects it in a Map ItemProcessor, for JSONPath `name.$` keys and names the outer scope assigns later', () => {
    const definition = {
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          ItemProcessor: {
            StartAt: 'Item',
            States: { Item: { Type: 'Pass', Assign: { 'seen.$': '$' }, End: true } },
          },
          Next: 'After',
        },
        After: { Type: 'Pass', Assign: { seen: 0 }, End: true },
      },
    };
    expect(validateDefinition(definition).map((problem) => problem.path)).toEqual([
      '$.States.Each.ItemProcessor.States.Item.Assign',
    ]);
  });

  it('counts a catcher of the Parallel as the outer scope, and accepts distinct inner names', () => {
    expect(validateDefinition(parallelAssigning('next', { recovered: true }))).toEqual([]);
    const clash = parallelAssigning('recovered', { recovered: true });
    expect(validateDefinition(clash).map((problem) => problem.path)).toEqual([
      '$.States.Fork.Branches[0].States.Inner.Assign',
    ]);
  });

  it('lets a branch read the outer variables while its own die with it', async () => {
    const driver = await new InterpreterDriver(parallelAssigning('next') as unknown as StateMachineDefinition).start(
      {},
    );
    expect(driver.snapshot?.status).toBe('SUCCEEDED');
    expect(driver.snapshot?.output).toEqual([1]);
    const exited = driver.events.find(
      (event) =>
        event.type === 'PassStateExited' && (event.stateExitedEventDetails as { name: string }).name === 'Inner',
    );
    expect(exited?.stateExitedEventDetails).toMatchObject({ assignedVariables: { next: '2' } });
  });
});
