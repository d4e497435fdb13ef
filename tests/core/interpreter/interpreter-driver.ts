import type { StateMachineDefinition } from '../../../src/core/definition/asl-types.js';
import type { Command, InvokeTaskCommand, StartTimerCommand } from '../../../src/core/interpreter/command.js';
import type { ExecutionEvent } from '../../../src/core/interpreter/execution-event.js';
import type { HistoryEvent } from '../../../src/core/interpreter/history-event.js';
import type { Snapshot } from '../../../src/core/interpreter/snapshot.js';
import { transition } from '../../../src/core/interpreter/transition.js';
import type { Json } from '../../../src/core/json.js';

export const T0 = Date.UTC(2026, 0, 1);

/** Drives the pure interpreter by hand: keeps the snapshot, all events and the last commands. */
export class InterpreterDriver {
  snapshot: Snapshot | undefined;
  events: HistoryEvent[] = [];
  commands: Command[] = [];
  now = T0;
  random = 0.5;
  input: Json = {};

  constructor(readonly definition: StateMachineDefinition) {}

  async feed(event: ExecutionEvent): Promise<this> {
    if (event.type === 'StartExecution') this.input = event.input;
    const result = await transition(this.definition, this.snapshot, event, {
      now: this.now,
      executionArn: 'arn:aws:states:us-east-1:123456789012:execution:m:e1',
      executionName: 'e1',
      executionInput: this.input,
      stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:m',
      stateMachineName: 'm',
      random: () => this.random,
      uuid: () => `uuid-${this.events.length}`,
      taskToken: (taskId) => `token-${taskId}`,
    });
    this.snapshot = result.snapshot;
    this.events.push(...result.events);
    this.commands = result.commands;
    return this;
  }

  start(input: Json = {}): Promise<this> {
    return this.feed({ type: 'StartExecution', input });
  }

  invocations(): InvokeTaskCommand[] {
    return this.commands.filter((c): c is InvokeTaskCommand => c.type === 'InvokeTask');
  }

  timers(): StartTimerCommand[] {
    return this.commands.filter((c): c is StartTimerCommand => c.type === 'StartTimer');
  }

  cancelled(): string[] {
    return this.commands.flatMap((c) => (c.type === 'CancelWork' ? [c.workId] : []));
  }

  task(index = 0): InvokeTaskCommand {
    const task = this.invocations()[index];
    if (!task) throw new Error(`no InvokeTask #${index} in ${JSON.stringify(this.commands)}`);
    return task;
  }

  succeed(output: Json, task = this.task()): Promise<this> {
    return this.feed({ type: 'TaskSucceeded', taskId: task.taskId, output });
  }

  fail(error: string, cause = '', task = this.task()): Promise<this> {
    return this.feed({ type: 'TaskFailed', taskId: task.taskId, error, cause });
  }

  /** Fires the first timer of the last commands after moving time to its due time. */
  fire(timer = this.timers()[0]): Promise<this> {
    if (!timer) throw new Error(`no StartTimer in ${JSON.stringify(this.commands)}`);
    this.now = Math.max(this.now, timer.dueAt);
    return this.feed({ type: 'TimerFired', timerId: timer.timerId });
  }

  types(): string[] {
    return this.events.map((event) => event.type);
  }

  entered(): string[] {
    return this.events
      .filter((event) => event.type.endsWith('StateEntered'))
      .map((event) => (event.stateEnteredEventDetails as { name: string }).name);
  }

  get status(): string | undefined {
    return this.snapshot?.status;
  }

  get output(): Json | undefined {
    return this.snapshot?.output;
  }
}
