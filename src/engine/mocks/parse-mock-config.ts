import { JsonSyntaxError, JsonTextParser, lineColumn } from '../../core/definition/json-text-parser.js';
import { childPath, ProblemList } from '../../core/definition/problem-list.js';
import { isJsonObject } from '../../core/json.js';
import type { DefinitionProblem } from '../../core/states-error.js';
import { UnwindError } from '../../core/unwind-error.js';
import type { MockConfig } from './mock-config.js';
import { validateMockedResponses } from './validate-mocked-responses.js';
import { validateMockStateMachines } from './validate-mock-state-machines.js';

export interface MockConfigParse {
  /** Set only when there are no problems. */
  config: MockConfig | undefined;
  /** Every problem found, each with the JSON path of the place that is wrong. */
  problems: DefinitionProblem[];
}

/** Validates an already parsed mock config value, reporting every problem at once. */
export function validateMockConfig(value: unknown): MockConfigParse {
  const problems = new ProblemList();
  if (!isJsonObject(value)) {
    problems.add('$', 'a mock config must be a JSON object with StateMachines and MockedResponses');
    return { config: undefined, problems: problems.items };
  }
  const mockedResponses = validateMockedResponses(value.MockedResponses, problems);
  const stateMachines = validateMockStateMachines(value.StateMachines, new Set(mockedResponses.keys()), problems);
  if (problems.items.length > 0) return { config: undefined, problems: problems.items };
  return { config: Object.freeze({ stateMachines, mockedResponses }), problems: [] };
}

/** Parses and validates mock config JSON text: syntax errors, duplicate keys, then the structure. */
export function parseMockConfig(text: string): MockConfigParse {
  const parser = new JsonTextParser(text);
  let value: unknown;
  try {
    value = parser.parseDocument();
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    const { line, column } = lineColumn(text, error.offset);
    return {
      config: undefined,
      problems: [{ path: '$', message: `invalid JSON at ${line}:${column}: ${error.message}` }],
    };
  }
  const duplicates = parser.duplicates.map(({ path, key }) => ({
    path: childPath(path, key),
    message: 'duplicate key (JSON keeps only the last one)',
  }));
  const validated = validateMockConfig(value);
  const problems = [...duplicates, ...validated.problems];
  return problems.length > 0 ? { config: undefined, problems } : validated;
}

/** Parses mock config text or throws UnwindError('UsageError') listing every problem; `source` names the file. */
export function mockConfigFromText(text: string, source: string): MockConfig {
  const { config, problems } = parseMockConfig(text);
  if (config) return config;
  const lines = problems.map((problem) => `  ${problem.path}: ${problem.message}`).join('\n');
  throw new UnwindError(
    'UsageError',
    `The mock config ${source} has ${problems.length} problem(s):\n${lines}`,
    problems,
  );
}
