import { childPath } from '../../core/definition/problem-list.js';
import type { ProblemList } from '../../core/definition/problem-list.js';
import { isJsonObject } from '../../core/json.js';
import type { MockTestCase } from './mock-config.js';

/** A test case: every value names a mocked response that exists. */
function testCase(
  value: unknown,
  path: string,
  responseNames: ReadonlySet<string>,
  problems: ProblemList,
): MockTestCase {
  const states = new Map<string, string>();
  if (!isJsonObject(value)) {
    problems.add(path, 'must be an object mapping state names to mocked response names');
    return states;
  }
  for (const [stateName, responseName] of Object.entries(value)) {
    const statePath = childPath(path, stateName);
    if (typeof responseName !== 'string') problems.add(statePath, 'must be the name of a mocked response (a string)');
    else if (!responseNames.has(responseName)) problems.add(statePath, `unknown mocked response '${responseName}'`);
    else states.set(stateName, responseName);
  }
  return states;
}

function testCases(
  value: unknown,
  path: string,
  responseNames: ReadonlySet<string>,
  problems: ProblemList,
): Map<string, MockTestCase> {
  const cases = new Map<string, MockTestCase>();
  if (!isJsonObject(value)) {
    problems.add(path, 'must be an object with a TestCases object');
    return cases;
  }
  const casesPath = childPath(path, 'TestCases');
  if (!isJsonObject(value.TestCases)) {
    problems.add(casesPath, value.TestCases === undefined ? 'is required' : 'must be an object of test cases by name');
    return cases;
  }
  for (const [name, states] of Object.entries(value.TestCases)) {
    cases.set(name, testCase(states, childPath(casesPath, name), responseNames, problems));
  }
  return cases;
}

/** `$.StateMachines`: state machine name -> test case name -> test case. */
export function validateMockStateMachines(
  value: unknown,
  responseNames: ReadonlySet<string>,
  problems: ProblemList,
): Map<string, ReadonlyMap<string, MockTestCase>> {
  const path = '$.StateMachines';
  const machines = new Map<string, ReadonlyMap<string, MockTestCase>>();
  if (!isJsonObject(value)) {
    problems.add(path, value === undefined ? 'is required' : 'must be an object of state machines by name');
    return machines;
  }
  for (const [name, machine] of Object.entries(value)) {
    machines.set(name, testCases(machine, childPath(path, name), responseNames, problems));
  }
  return machines;
}
