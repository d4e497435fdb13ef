import { afterEach, describe, expect, it } from 'vitest';
import type { StateMachineDefinition } from '../../src/core/definition/asl-types.js';
import { ApiError } from '../../src/server/api-error.js';
import type { ServerContext } from '../../src/server/operation.js';
import { redriveExecution } from '../../src/server/operations/redrive-execution.js';
import { createEngineFixture, type EngineFixture } from '../helpers/engine-fixture.js';

let fixture: EngineFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

function contextOf(engineFixture: EngineFixture): ServerContext {
  return {
    engine: engineFixture.engine,
    store: engineFixture.store,
    registry: undefined as never,
    region: 'us-east-1',
    account: '123456789012',
    now: () => engineFixture.clock.now(),
  };
}

async function apiErrorOf(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

const charge: StateMachineDefinition = {
  StartAt: 'Charge',
  States: { Charge: { Type: 'Task', Resource: 'Charge', End: true } },
};

describe('RedriveExecution operation', () => {
  it('redrives a failed execution, answers a repeated clientToken alike, then refuses', async () => {
    let broken = true;
    fixture = await createEngineFixture({
      Charge: () => {
        if (broken) throw new Error('declined');
        return 'paid';
      },
    });
    const context = contextOf(fixture);
    const failed = await fixture.run(charge, {});
    const arn = failed.record.executionArn;
    broken = false;
    fixture.clock.advance(1_500);

    const answer = await redriveExecution.run({ executionArn: arn, clientToken: 'retry-1' }, context);
    expect(answer).toEqual({ redriveDate: fixture.clock.now() / 1000 });
    expect(await redriveExecution.run({ executionArn: arn, clientToken: 'retry-1' }, context)).toEqual(answer);
    expect((await fixture.finish(arn)).record.status).toBe('SUCCEEDED');

    const refused = await apiErrorOf(redriveExecution.run({ executionArn: arn, clientToken: 'retry-2' }, context));
    expect(refused.type).toBe('ExecutionNotRedrivable');
    expect(refused.message).toContain('Execution is SUCCEEDED and cannot be redriven');
  });

  it('maps unknown executions, bad ARNs and bad members to AWS errors', async () => {
    fixture = await createEngineFixture({});
    const context = contextOf(fixture);
    const missing = 'arn:aws:states:us-east-1:123456789012:execution:test-machine:nobody';
    expect((await apiErrorOf(redriveExecution.run({ executionArn: missing }, context))).type).toBe(
      'ExecutionDoesNotExist',
    );
    expect((await apiErrorOf(redriveExecution.run({ executionArn: 'nope' }, context))).type).toBe('InvalidArn');
    expect((await apiErrorOf(redriveExecution.run({}, context))).type).toBe('ValidationException');
    const spaced = { executionArn: missing, clientToken: 'has space' };
    expect((await apiErrorOf(redriveExecution.run(spaced, context))).type).toBe('ValidationException');
  });
});
