import { afterEach, describe, expect, it } from 'vitest';
import type { StateMachineDefinition } from '../../src/core/definition/asl-types.js';
import { UnwindError } from '../../src/core/unwind-error.js';
import { Engine } from '../../src/engine/engine.js';
import { createEngineFixture, eventTypes, type EngineFixture } from '../helpers/engine-fixture.js';

let fixture: EngineFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

const approval: StateMachineDefinition = {
  StartAt: 'RequestApproval',
  States: {
    RequestApproval: {
      Type: 'Task',
      Resource: 'arn:aws:states:::sns:publish.waitForTaskToken',
      Parameters: { 'token.$': '$$.Task.Token', 'amount.$': '$.amount' },
      ResultPath: '$.approval',
      Catch: [{ ErrorEquals: ['Rejected'], ResultPath: '$.rejection', Next: 'Refused' }],
      End: true,
    },
    Refused: { Type: 'Fail', Error: 'Refused' },
  },
};

async function errorOf(promise: Promise<unknown>): Promise<UnwindError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UnwindError);
  return error as UnwindError;
}

describe('callbacks (.waitForTaskToken) through the engine', () => {
  it('parks durably, survives an engine restart, and is answered once by sendTaskSuccess', async () => {
    const tokens: string[] = [];
    fixture = await createEngineFixture({ 'sns:publish': (input: { token: string }) => tokens.push(input.token) });
    const arn = await fixture.start(approval, { amount: 120 });
    await fixture.engine.drain();
    expect(tokens).toHaveLength(1);
    const token = tokens[0]!;
    expect((await fixture.store.getExecution(arn))!.status).toBe('RUNNING');
    expect(eventTypes(await fixture.store.getHistory(arn)).at(-1)).toBe('TaskSubmitted');

    await fixture.engine.stop();
    const restarted = new Engine({
      store: fixture.store,
      handlers: fixture.engine.options.handlers,
      clock: fixture.clock,
    });
    await restarted.start();
    try {
      await restarted.sendTaskSuccess(token, { approvedBy: 'ops' });
      const record = await restarted.waitForExecution(arn);
      expect(record.status).toBe('SUCCEEDED');
      expect(JSON.parse(record.output!)).toEqual({ amount: 120, approval: { approvedBy: 'ops' } });
      const late = await errorOf(restarted.sendTaskSuccess(token, {}));
      expect(late.code).toBe('TaskTimedOut');
    } finally {
      await restarted.stop();
    }
  });

  it('sendTaskFailure fails the task with the given error, which Catch takes', async () => {
    const tokens: string[] = [];
    fixture = await createEngineFixture({ 'sns:publish': (input: { token: string }) => tokens.push(input.token) });
    const arn = await fixture.start(approval, { amount: 5000 });
    await fixture.engine.drain();
    await fixture.engine.sendTaskFailure(tokens[0]!, 'Rejected', 'over budget');
    const { record } = await fixture.finish(arn);
    expect(record.status).toBe('FAILED');
    expect(record.error).toBe('Refused');
  });

  it('rejects a forged or malformed token without touching any execution', async () => {
    const tokens: string[] = [];
    fixture = await createEngineFixture({ 'sns:publish': (input: { token: string }) => tokens.push(input.token) });
    await fixture.start(approval, { amount: 1 });
    await fixture.engine.drain();
    const [arnPart, taskId] = tokens[0]!.split('.');
    expect((await errorOf(fixture.engine.sendTaskSuccess(`${arnPart}.${taskId}.forged`, {}))).code).toBe(
      'InvalidToken',
    );
    expect((await errorOf(fixture.engine.sendTaskSuccess('not-a-token', {}))).code).toBe('InvalidToken');
  });
});
