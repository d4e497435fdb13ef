import { describe, expect, it } from 'vitest';
import type { StateMachineDefinition } from '../../../src/core/definition/asl-types.js';
import { InterpreterDriver } from './interpreter-driver.js';

const callback: StateMachineDefinition = {
  StartAt: 'Approve',
  States: {
    Approve: {
      Type: 'Task',
      Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
      Parameters: { 'token.$': '$$.Task.Token', 'order.$': '$.order' },
      HeartbeatSeconds: 60,
      TimeoutSeconds: 3600,
      Catch: [{ ErrorEquals: ['States.HeartbeatTimeout'], Next: 'Expired' }],
      End: true,
    },
    Expired: { Type: 'Pass', Result: 'expired', End: true },
  },
};

describe('.waitForTaskToken', () => {
  it('marks the invocation as a callback, records TaskSubmitted, then waits for the token', async () => {
    const run = await new InterpreterDriver(callback).start({ order: 7 });
    const task = run.task();
    expect(task.waitForTaskToken).toBe(true);
    expect(task.input).toEqual({ token: 'token-t1', order: 7 });
    await run.feed({ type: 'TaskSubmitted', taskId: task.taskId, output: { MessageId: 'm1' } });
    expect(run.status).toBe('RUNNING');
    expect(run.types().slice(-3)).toEqual(['TaskScheduled', 'TaskStarted', 'TaskSubmitted']);
    expect(run.timers().map((timer) => timer.purpose)).toEqual(['heartbeat-timeout']);
    await run.succeed({ approved: true }, task);
    expect(run.output).toEqual({ approved: true });
    expect(run.types().filter((type) => type === 'TaskStarted')).toHaveLength(1);
  });

  it('restarts the heartbeat clock on TaskHeartbeat and fails with States.HeartbeatTimeout when it runs out', async () => {
    const run = await new InterpreterDriver(callback).start({ order: 7 });
    const task = run.task();
    await run.feed({ type: 'TaskSubmitted', taskId: task.taskId, output: {} });
    const first = run.timers()[0]!;
    run.now += 30_000;
    await run.feed({ type: 'TaskHeartbeat', taskId: task.taskId });
    expect(run.cancelled()).toEqual([first.timerId]);
    const second = run.timers()[0]!;
    expect(second.dueAt).toBe(run.now + 60_000);
    await run.fire(second);
    expect(run.types()).toContain('TaskTimedOut');
    expect(run.entered()).toEqual(['Approve', 'Expired']);
    expect(run.output).toBe('expired');
  });

  it('ignores an answer for a task that is no longer awaited', async () => {
    const run = await new InterpreterDriver(callback).start({ order: 7 });
    const task = run.task();
    await run.succeed('first', task);
    const count = run.events.length;
    await run.fail('Late', 'too late', task);
    expect(run.events.length).toBe(count);
    expect(run.output).toBe('first');
  });
});
