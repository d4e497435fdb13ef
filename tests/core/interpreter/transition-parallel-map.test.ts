import { describe, expect, it } from 'vitest';
import type { StateMachineDefinition } from '../../../src/core/definition/asl-types.js';
import { InterpreterDriver } from './interpreter-driver.js';

const parallel: StateMachineDefinition = {
  StartAt: 'Both',
  States: {
    Both: {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'L', States: { L: { Type: 'Task', Resource: 'Left', End: true } } },
        { StartAt: 'R', States: { R: { Type: 'Task', Resource: 'Right', End: true } } },
      ],
      ResultPath: '$.results',
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Compensate' }],
      End: true,
    },
    Compensate: { Type: 'Pass', End: true },
  },
};

describe('Parallel', () => {
  it('starts every branch and collects results in branch order', async () => {
    const run = await new InterpreterDriver(parallel).start({ id: 1 });
    const [left, right] = run.invocations();
    expect(run.invocations().map((task) => task.resource)).toEqual(['Left', 'Right']);
    await run.succeed('r', right);
    expect(run.status).toBe('RUNNING');
    await run.succeed('l', left);
    expect(run.output).toEqual({ id: 1, results: ['l', 'r'] });
    expect(run.types()).toContain('ParallelStateSucceeded');
  });

  it('a failing branch aborts its sibling and the error reaches the Catch', async () => {
    const run = await new InterpreterDriver(parallel).start({ id: 1 });
    const [left, right] = run.invocations();
    await run.fail('LeftBroke', 'no', left);
    expect(run.cancelled()).toEqual([right!.taskId]);
    expect(run.types()).toEqual(
      expect.arrayContaining(['TaskStateAborted', 'ParallelStateFailed', 'ParallelStateExited']),
    );
    expect(run.entered().at(-1)).toBe('Compensate');
    expect(run.output).toEqual({ id: 1, error: { Error: 'LeftBroke', Cause: 'no' } });
    const count = run.events.length;
    await run.succeed('late', right);
    expect(run.events.length).toBe(count);
  });

  it('chains each branch event to its own predecessor', async () => {
    const run = await new InterpreterDriver(parallel).start({});
    const started = run.events.find((event) => event.type === 'ParallelStateStarted')!;
    const branchEntries = run.events.filter((event) => event.type === 'TaskStateEntered');
    expect(branchEntries.map((event) => event.previousEventId)).toEqual([started.id, started.id]);
  });
});

const map: StateMachineDefinition = {
  StartAt: 'Each',
  States: {
    Each: {
      Type: 'Map',
      ItemsPath: '$.items',
      MaxConcurrency: 2,
      ItemSelector: { 'value.$': '$$.Map.Item.Value', 'index.$': '$$.Map.Item.Index', 'order.$': '$.order' },
      ItemProcessor: { StartAt: 'Do', States: { Do: { Type: 'Task', Resource: 'Do', End: true } } },
      End: true,
    },
  },
};

describe('Map', () => {
  it('respects MaxConcurrency, feeds ItemSelector with $$.Map.Item and keeps item order', async () => {
    const run = await new InterpreterDriver(map).start({ order: 'o1', items: ['a', 'b', 'c'] });
    expect(run.invocations().map((task) => task.input)).toEqual([
      { value: 'a', index: 0, order: 'o1' },
      { value: 'b', index: 1, order: 'o1' },
    ]);
    const [first, second] = run.invocations();
    await run.succeed('B', second);
    expect(run.invocations().map((task) => task.input)).toEqual([{ value: 'c', index: 2, order: 'o1' }]);
    const third = run.task();
    await run.succeed('C', third);
    await run.succeed('A', first);
    expect(run.output).toEqual(['A', 'B', 'C']);
    const started = run.events.find((event) => event.type === 'MapStateStarted');
    expect(started?.mapStateStartedEventDetails).toEqual({ length: 3 });
  });

  it('an empty item list succeeds with []', async () => {
    const run = await new InterpreterDriver(map).start({ order: 'o', items: [] });
    expect(run.output).toEqual([]);
  });

  it('fails with States.Runtime when the items are not an array', async () => {
    const run = await new InterpreterDriver(map).start({ order: 'o', items: 'nope' });
    expect(run.status).toBe('FAILED');
    expect(run.snapshot?.error).toBe('States.Runtime');
  });

  it('a failed iteration aborts the others and fails the Map', async () => {
    const run = await new InterpreterDriver(map).start({ order: 'o', items: [1, 2, 3] });
    const [first, second] = run.invocations();
    await run.fail('Bad', 'item 1', second);
    expect(run.cancelled()).toEqual([first!.taskId]);
    expect(run.types()).toEqual(
      expect.arrayContaining(['MapIterationFailed', 'MapIterationAborted', 'MapStateFailed']),
    );
    expect(run.status).toBe('FAILED');
    expect(run.snapshot?.error).toBe('Bad');
  });
});
