import { stateMachineNameOf } from '../arns.js';
import type { ResolvedEngineOptions } from '../engine-options.js';
import type { TaskOutcome } from '../task-handler.js';
import type { TaskPayload } from '../work-payload.js';
import { invocationIndex } from './invocation-index.js';
import { findMockTestCase, resolveMockedResponse } from './mock-config.js';
import { mockTestCaseOf } from './mock-test-case-store.js';

/**
 * The outcome of a task invocation when its execution runs on a mock test case that mocks its
 * state, else undefined (the task runs for real). A mocked outcome is final: for a
 * `.waitForTaskToken` task a `Return` is the callback's result, so the task completes at once.
 *
 * With no mock config loaded nothing is looked up, and tasks run for real even for executions that
 * were started on a test case (by an engine that had one).
 */
export async function mockedTaskOutcome(
  options: Pick<ResolvedEngineOptions, 'mockConfig' | 'store' | 'clock'>,
  executionArn: string,
  payload: Pick<TaskPayload, 'stateName'>,
): Promise<TaskOutcome | undefined> {
  const { mockConfig, store, clock } = options;
  if (!mockConfig) return undefined;
  const record = await store.getExecution(executionArn);
  if (!record) return undefined;
  const testCaseName = await mockTestCaseOf(store, executionArn, record.startDate);
  if (testCaseName === undefined) return undefined;
  const stateMachineName = stateMachineNameOf(record.stateMachineArn);
  const testCase = findMockTestCase(mockConfig, stateMachineName, testCaseName);
  // A test case that vanished from the config (a restart with another file) still resolves: to a failure.
  if (testCase && !testCase.has(payload.stateName)) return undefined;
  const index = invocationIndex(await store.getHistory(executionArn), payload.stateName);
  const resolution = resolveMockedResponse(mockConfig, stateMachineName, testCaseName, payload.stateName, index);
  if (resolution === 'not-mocked') return undefined;
  const startedAt = clock.now();
  return 'return' in resolution
    ? { ok: true, output: resolution.return, startedAt }
    : { ok: false, error: resolution.throw.error, cause: resolution.throw.cause, startedAt };
}
