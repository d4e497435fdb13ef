import { describe, expect, it } from 'vitest';
import type { StateMachineDefinition } from '../../../src/core/definition/asl-types.js';
import { listTaskStates } from '../../../src/core/definition/list-task-states.js';
import { validateDefinition } from '../../../src/core/definition/validate-definition.js';
import { machine, pass, scope, task } from './fixtures.js';

describe('listTaskStates', () => {
  it('walks every scope: the top level, Parallel branches, Map ItemProcessor and Iterator', () => {
    const definition = machine({
      Reserve: task({ Resource: 'arn:aws:states:::lambda:invoke', End: undefined, Next: 'Fan out' }),
      'Fan out': {
        Type: 'Parallel',
        Next: 'Each',
        Branches: [scope({ Hotel: task({ Resource: 'hotel:book' }) }), scope({ Nothing: pass() })],
      },
      Each: { Type: 'Map', Next: 'Legacy', ItemProcessor: scope({ 'Pay item': task({ Resource: 'pay:item' }) }) },
      Legacy: { Type: 'Map', End: true, Iterator: scope({ Old: task({ Resource: 'old:iterator' }) }) },
    });
    expect(validateDefinition(definition)).toEqual([]);
    const found = listTaskStates(definition as unknown as StateMachineDefinition);
    expect(found.map(({ path, name, state }) => [path, name, state.Resource])).toEqual([
      ['$.States.Reserve', 'Reserve', 'arn:aws:states:::lambda:invoke'],
      ["$.States['Fan out'].Branches[0].States.Hotel", 'Hotel', 'hotel:book'],
      ["$.States.Each.ItemProcessor.States['Pay item']", 'Pay item', 'pay:item'],
      ['$.States.Legacy.Iterator.States.Old', 'Old', 'old:iterator'],
    ]);
  });

  it('returns nothing for a machine without Task states', () => {
    expect(listTaskStates(machine({ Only: pass() }) as unknown as StateMachineDefinition)).toEqual([]);
  });
});
