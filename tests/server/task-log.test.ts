import { afterEach, describe, expect, it } from 'vitest';
import type { StateMachineDefinition } from '../../src/core/definition/asl-types.js';
import { taskLogObserver, type TaskLogger } from '../../src/server/task-log.js';
import { createEngineFixture, type EngineFixture } from '../helpers/engine-fixture.js';

/** Every task-related log line names its execution and state (issue: structured logs of `unwind serve`). */
class Declined extends Error {
  override name = 'Declined';
}

let fixture: EngineFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

interface Line {
  level: 'info' | 'warn';
  fields: Record<string, unknown>;
  message: string;
}

describe('task log lines', () => {
  it('writes one line per invocation with executionArn, stateName, attempt and, on failure, the error', async () => {
    const lines: Line[] = [];
    const logger: TaskLogger = {
      info: (fields, message) => lines.push({ level: 'info', fields, message }),
      warn: (fields, message) => lines.push({ level: 'warn', fields, message }),
    };
    fixture = await createEngineFixture(
      {
        Reserve: () => Promise.resolve({ id: 'R-1' }),
        Pay: () => Promise.reject(new Declined('card refused')),
      },
      { observer: taskLogObserver(() => logger) },
    );
    const definition: StateMachineDefinition = {
      StartAt: 'Reserve',
      States: {
        Reserve: { Type: 'Task', Resource: 'Reserve', Next: 'Pay' },
        Pay: { Type: 'Task', Resource: 'Pay', End: true },
      },
    };
    const { record } = await fixture.run(definition, {});
    expect(record.status).toBe('FAILED');
    expect(lines).toEqual([
      {
        level: 'info',
        message: 'task succeeded',
        fields: expect.objectContaining({ executionArn: record.executionArn, stateName: 'Reserve', attempt: 1 }),
      },
      {
        level: 'warn',
        message: 'task failed',
        fields: expect.objectContaining({
          executionArn: record.executionArn,
          stateName: 'Pay',
          resource: 'Pay',
          error: 'Declined',
          cause: 'card refused',
        }),
      },
    ]);
  });
});
