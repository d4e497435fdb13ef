import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../../src/core/interpreter/history-event.js';
import { invocationIndex } from '../../../src/engine/mocks/invocation-index.js';

function event(id: number, previousEventId: number, type: string, name?: string): HistoryEvent {
  return {
    id,
    previousEventId,
    timestamp: id,
    type,
    ...(name ? { stateEnteredEventDetails: { name, input: '{}' } } : {}),
  };
}

describe('invocationIndex', () => {
  it('counts every scheduled invocation of the state: first try, retry, and re-entry', () => {
    const history = [
      event(1, 0, 'ExecutionStarted'),
      event(2, 1, 'TaskStateEntered', 'Poll'),
      event(3, 2, 'TaskScheduled'),
    ];
    expect(invocationIndex(history, 'Poll')).toBe(0);
    history.push(event(4, 3, 'TaskStarted'), event(5, 4, 'TaskFailed'), event(6, 5, 'TaskScheduled'));
    expect(invocationIndex(history, 'Poll')).toBe(1);
    history.push(
      event(7, 6, 'TaskStarted'),
      event(8, 7, 'TaskSucceeded'),
      event(9, 8, 'TaskStateExited'),
      event(10, 9, 'WaitStateEntered', 'Pause'),
      event(11, 10, 'WaitStateExited'),
      event(12, 11, 'TaskStateEntered', 'Poll'),
      event(13, 12, 'LambdaFunctionScheduled'),
    );
    expect(invocationIndex(history, 'Poll')).toBe(2);
  });

  it('attributes interleaved branch events to their own state through previousEventId', () => {
    const history = [
      event(1, 0, 'ExecutionStarted'),
      event(2, 1, 'ParallelStateEntered', 'Both'),
      event(3, 2, 'ParallelStateStarted'),
      event(4, 3, 'TaskStateEntered', 'Left'),
      event(5, 3, 'TaskStateEntered', 'Right'),
      event(6, 4, 'TaskScheduled'),
      event(7, 5, 'TaskScheduled'),
      event(8, 6, 'TaskStarted'),
      event(9, 8, 'TaskFailed'),
      event(10, 9, 'TaskScheduled'),
    ];
    expect(invocationIndex(history, 'Left')).toBe(1);
    expect(invocationIndex(history, 'Right')).toBe(0);
  });
});
