import type { Json } from '../../core/json.js';

/** What one invocation of a mocked state does: return a result, or fail with an error. */
export type MockedResponse = { return: Json } | { throw: { error: string; cause: string } };

/** A `MockedResponses` entry for invocations `from`..`to` (inclusive, 0-based) of a state. */
export interface MockedInvocations {
  from: number;
  to: number;
  response: MockedResponse;
}

/** A test case: state name -> name of the mocked response its invocations use. */
export type MockTestCase = ReadonlyMap<string, string>;

/**
 * A validated Step Functions Local mock config (`SFN_MOCK_CONFIG`, `MockConfigFile.json`).
 * Maps rather than records, so that names like `constructor` are ordinary keys.
 */
export interface MockConfig {
  /** State machine name -> test case name -> test case. */
  readonly stateMachines: ReadonlyMap<string, ReadonlyMap<string, MockTestCase>>;
  /** Mocked response name -> its entries, sorted by `from`, never overlapping. */
  readonly mockedResponses: ReadonlyMap<string, readonly MockedInvocations[]>;
}

export type MockResolution = MockedResponse | 'not-mocked';

/** The test case of a state machine, or undefined when the config has no such test case. */
export function findMockTestCase(
  config: MockConfig,
  stateMachineName: string,
  testCaseName: string,
): MockTestCase | undefined {
  return config.stateMachines.get(stateMachineName)?.get(testCaseName);
}

/**
 * What invocation `invocationIndex` (0-based, counting every invocation of the state in the
 * execution, retries and re-entries included) of `stateName` does under a test case.
 *
 * A mocked state whose index has no entry fails with `States.Runtime`, which no Retry or Catch
 * handles, so the execution fails: this is what Step Functions Local (2.0.0) does ("When you mock
 * a Task, you must specify a mocked response for every invocation ... If you do not specify a mocked
 * response, the state machine execution will fail", and it fails with States.Runtime at run time).
 */
export function resolveMockedResponse(
  config: MockConfig,
  stateMachineName: string,
  testCaseName: string,
  stateName: string,
  invocationIndex: number,
): MockResolution {
  const testCase = findMockTestCase(config, stateMachineName, testCaseName);
  if (!testCase) {
    return runtimeFailure(
      `The mock config has no test case '${testCaseName}' for state machine '${stateMachineName}'.`,
    );
  }
  const responseName = testCase.get(stateName);
  if (responseName === undefined) return 'not-mocked';
  const entries = config.mockedResponses.get(responseName) ?? [];
  const entry = entries.find(({ from, to }) => from <= invocationIndex && invocationIndex <= to);
  if (entry) return entry.response;
  return runtimeFailure(
    `The mocked response '${responseName}' of state '${stateName}' (test case '${testCaseName}') has no entry ` +
      `for invocation ${invocationIndex}: every invocation of a mocked state, retries included, needs one.`,
  );
}

function runtimeFailure(cause: string): MockedResponse {
  return { throw: { error: 'States.Runtime', cause } };
}
