import { UnwindError } from '../../core/unwind-error.js';
import type { Store } from '../../store/store-port.js';

/*
 * Where an execution's mock test case is kept: a durable setting (`store.loadSetting`, which every
 * store has) rather than a tag in `store.registry`, because
 *  - it is written before the execution's first commit, so a conflicting StartExecution must not
 *    change the existing execution: settings are first-writer-wins (tags would be overwritten);
 *  - the key includes the start date, so an execution that reuses the ARN of one deleted by
 *    retention does not inherit its test case, and a start that fails to commit leaves only an
 *    unused row;
 *  - the registry is optional on the store port, and tags on execution ARNs would show up in
 *    ListTagsForResource.
 * Known leak: retention deletes executions but not these rows (one short row per execution run
 * while a mock config is loaded).
 */
function settingKey(executionArn: string, startDate: number): string {
  return `mock-test-case:${executionArn}@${startDate}`;
}

/** Records the test case of an execution about to be committed with this start date. */
export async function recordMockTestCase(
  store: Store,
  executionArn: string,
  startDate: number,
  testCase: string,
): Promise<void> {
  const stored = await store.loadSetting(settingKey(executionArn, startDate), testCase);
  if (stored !== testCase) {
    throw new UnwindError(
      'ExecutionAlreadyExists',
      `Execution '${executionArn}' is being started at the same moment with test case '${stored}'.`,
    );
  }
}

/** The test case an execution was started on, or undefined when it runs without mocks. */
export async function mockTestCaseOf(
  store: Store,
  executionArn: string,
  startDate: number,
): Promise<string | undefined> {
  // Reading stores '' for an execution without a test case (loadSetting is load-or-store): it is only
  // read while a mock config is loaded, and the test case of a mocked one was stored before it existed.
  const stored = await store.loadSetting(settingKey(executionArn, startDate), '');
  return stored === '' ? undefined : stored;
}
