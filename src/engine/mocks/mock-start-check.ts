import type { StateMachineDefinition } from '../../core/definition/asl-types.js';
import { listTaskStates } from '../../core/definition/list-task-states.js';
import type { DefinitionProblem } from '../../core/states-error.js';
import { UnwindError } from '../../core/unwind-error.js';
import { resourceProblems } from '../load-definition.js';
import type { TaskHandlers } from '../task-handler.js';
import { findMockTestCase, type MockConfig, type MockTestCase } from './mock-config.js';

/**
 * The test case a StartExecution asks for (`<stateMachineArn>#<TestCase>`), checked before anything is
 * committed: UnwindError('UsageError') (the API's ValidationException) when no mock config is loaded
 * or it has no such test case for the state machine.
 */
export function requireMockTestCase(
  config: MockConfig | undefined,
  stateMachineName: string,
  testCaseName: string,
): MockTestCase {
  if (!config) {
    throw new UnwindError(
      'UsageError',
      `Cannot start on test case '${testCaseName}': no mock config is loaded (SFN_MOCK_CONFIG or --mock-config).`,
    );
  }
  const testCase = testCaseName === '' ? undefined : findMockTestCase(config, stateMachineName, testCaseName);
  if (!testCase) {
    const known = [...(config.stateMachines.get(stateMachineName)?.keys() ?? [])].sort();
    throw new UnwindError(
      'UsageError',
      `The mock config has no test case '${testCaseName}' for state machine '${stateMachineName}' ` +
        `(known: ${known.join(', ') || 'none'}).`,
    );
  }
  return testCase;
}

/**
 * Unresolvable Task resources, leaving out the states the test case mocks: a mocked Task never calls
 * its resource, so it needs no handler (Step Functions Local mocks services it cannot reach).
 */
export function unmockedResourceProblems(
  definition: StateMachineDefinition,
  handlers: TaskHandlers,
  testCase: MockTestCase | undefined,
): DefinitionProblem[] {
  const problems = resourceProblems(definition, handlers);
  if (!testCase) return problems;
  const mockedPaths = new Set(
    listTaskStates(definition).flatMap(({ path, name }) => (testCase.has(name) ? [`${path}.Resource`] : [])),
  );
  return problems.filter((problem) => !mockedPaths.has(problem.path));
}
