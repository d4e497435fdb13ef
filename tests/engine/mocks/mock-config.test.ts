import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UnwindError } from '../../../src/core/unwind-error.js';
import { loadMockConfigFile, mockConfigFromEnv } from '../../../src/engine/mocks/load-mock-config.js';
import { resolveMockedResponse, type MockConfig } from '../../../src/engine/mocks/mock-config.js';
import { mockConfigFromText, parseMockConfig } from '../../../src/engine/mocks/parse-mock-config.js';
import { splitTestCaseArn } from '../../../src/engine/mocks/test-case-arn.js';

/** The example of the AWS documentation (Step Functions Local, "Configuration file for mocked service integrations"). */
const awsExample = {
  StateMachines: {
    LambdaSQSIntegration: {
      TestCases: {
        HappyPath: { LambdaState: 'MockedLambdaSuccess', SQSState: 'MockedSQSSuccess' },
        RetryPath: { LambdaState: 'MockedLambdaRetry', SQSState: 'MockedSQSSuccess' },
        HybridPath: { LambdaState: 'MockedLambdaSuccess' },
      },
    },
  },
  MockedResponses: {
    MockedLambdaSuccess: {
      '0': { Return: { StatusCode: 200, Payload: { StatusCode: 200, body: 'Hello from Lambda!' } } },
    },
    LambdaMockedResourceNotReady: {
      '0': { Throw: { Error: 'Lambda.ResourceNotReadyException', Cause: 'Lambda resource is not ready.' } },
    },
    MockedSQSSuccess: { '0': { Return: { MD5OfMessageBody: '3bcb6e8e', MessageId: '3bcb6e8e-8b51' } } },
    MockedLambdaRetry: {
      '0': { Throw: { Error: 'Lambda.ResourceNotReadyException', Cause: 'Lambda resource is not ready.' } },
      '1-2': { Throw: { Error: 'Lambda.TimeoutException', Cause: 'Lambda timed out.' } },
      '3': { Return: { StatusCode: 200, Payload: { StatusCode: 200, body: 'Hello from Lambda!' } } },
    },
  },
};

function validConfig(value: unknown = awsExample): MockConfig {
  const { config, problems } = parseMockConfig(JSON.stringify(value));
  expect(problems).toEqual([]);
  return config!;
}

describe('parsing a mock config', () => {
  it('accepts the AWS documentation example and resolves each invocation index', () => {
    const config = validConfig();
    const retry = (index: number) =>
      resolveMockedResponse(config, 'LambdaSQSIntegration', 'RetryPath', 'LambdaState', index);
    expect(retry(0)).toEqual({
      throw: { error: 'Lambda.ResourceNotReadyException', cause: 'Lambda resource is not ready.' },
    });
    expect(retry(1)).toEqual({ throw: { error: 'Lambda.TimeoutException', cause: 'Lambda timed out.' } });
    expect(retry(2)).toEqual({ throw: { error: 'Lambda.TimeoutException', cause: 'Lambda timed out.' } });
    expect(retry(3)).toEqual({
      return: { StatusCode: 200, Payload: { StatusCode: 200, body: 'Hello from Lambda!' } },
    });
  });

  it('fails an invocation without an entry with States.Runtime, and leaves unlisted states unmocked', () => {
    const config = validConfig();
    const missing = resolveMockedResponse(config, 'LambdaSQSIntegration', 'RetryPath', 'LambdaState', 4);
    expect(missing).toMatchObject({ throw: { error: 'States.Runtime' } });
    expect(JSON.stringify(missing)).toContain('invocation 4');
    expect(resolveMockedResponse(config, 'LambdaSQSIntegration', 'HybridPath', 'SQSState', 0)).toBe('not-mocked');
    expect(resolveMockedResponse(config, 'LambdaSQSIntegration', 'HybridPath', 'OtherState', 0)).toBe('not-mocked');
    expect(resolveMockedResponse(config, 'LambdaSQSIntegration', 'Gone', 'LambdaState', 0)).toMatchObject({
      throw: { error: 'States.Runtime' },
    });
  });

  it('accepts any JSON value as Return, an empty mocked response, gaps between indexes, and a Throw without Cause', () => {
    const config = validConfig({
      StateMachines: { M: { TestCases: { T: { A: 'Scalar', B: 'Empty', C: 'Gap', D: 'NoCause' } } } },
      MockedResponses: {
        Scalar: { '0': { Return: 'plain text' }, '1': { Return: null } },
        Empty: {},
        Gap: { '2': { Return: 2 } },
        NoCause: { '0': { Throw: { Error: 'Boom' } } },
      },
    });
    expect(resolveMockedResponse(config, 'M', 'T', 'A', 0)).toEqual({ return: 'plain text' });
    expect(resolveMockedResponse(config, 'M', 'T', 'A', 1)).toEqual({ return: null });
    expect(resolveMockedResponse(config, 'M', 'T', 'B', 0)).toMatchObject({ throw: { error: 'States.Runtime' } });
    expect(resolveMockedResponse(config, 'M', 'T', 'C', 0)).toMatchObject({ throw: { error: 'States.Runtime' } });
    expect(resolveMockedResponse(config, 'M', 'T', 'C', 2)).toEqual({ return: 2 });
    expect(resolveMockedResponse(config, 'M', 'T', 'D', 0)).toEqual({ throw: { error: 'Boom', cause: '' } });
  });

  it('treats names like constructor and __proto__ as ordinary keys', () => {
    const text =
      '{"StateMachines":{"constructor":{"TestCases":{"__proto__":{"toString":"hasOwnProperty"}}}},' +
      '"MockedResponses":{"hasOwnProperty":{"0":{"Return":1}}}}';
    const { config, problems } = parseMockConfig(text);
    expect(problems).toEqual([]);
    expect(resolveMockedResponse(config!, 'constructor', '__proto__', 'toString', 0)).toEqual({ return: 1 });
    expect(resolveMockedResponse(config!, 'constructor', '__proto__', 'valueOf', 0)).toBe('not-mocked');
  });

  it('reports every problem at once, each with its JSON path', () => {
    const { config, problems } = parseMockConfig(
      JSON.stringify({
        StateMachines: {
          Orders: {
            TestCases: {
              Happy: { Pay: 'MockedLambdaRetry', Ship: 'NoSuchResponse', Notify: 42 },
              Broken: ['not', 'an', 'object'],
            },
          },
          NoCases: {},
        },
        MockedResponses: {
          MockedLambdaRetry: {
            '0': { Return: 1 },
            '1-x': { Return: 2 },
            '5-3': { Return: 3 },
            '0-2': { Throw: { Error: 'E', Cause: 'c' } },
            '2': { Return: 4 },
          },
          Both: { '0': { Return: 1, Throw: { Error: 'E', Cause: 'c' } } },
          Neither: { '0': { Retrun: 1 } },
          BadThrow: { '0': { Throw: { Cause: 7 } }, '1': { Throw: 'boom' } },
          NotAnObject: 'nope',
        },
      }),
    );
    expect(config).toBeUndefined();
    expect(problems).toEqual([
      {
        path: "$.MockedResponses.MockedLambdaRetry['1-x']",
        message: 'invalid invocation range: expected an index like "0" or an inclusive range like "1-2"',
      },
      { path: "$.MockedResponses.MockedLambdaRetry['5-3']", message: 'invalid invocation range: 5 is greater than 3' },
      { path: "$.MockedResponses.MockedLambdaRetry['0-2']", message: "invocation range 0-2 overlaps '0' (0)" },
      { path: "$.MockedResponses.MockedLambdaRetry['2']", message: "invocation range 2 overlaps '0-2' (0-2)" },
      { path: "$.MockedResponses.Both['0']", message: 'has both Return and Throw: give exactly one' },
      { path: "$.MockedResponses.Neither['0']", message: 'needs a Return or a Throw field' },
      { path: "$.MockedResponses.BadThrow['0'].Throw.Error", message: 'must be a non-empty string' },
      { path: "$.MockedResponses.BadThrow['0'].Throw.Cause", message: 'must be a string' },
      {
        path: "$.MockedResponses.BadThrow['1'].Throw",
        message: 'must be an object with an Error string and a Cause string',
      },
      {
        path: '$.MockedResponses.NotAnObject',
        message: 'must be an object whose keys are invocation indexes ("0") or ranges ("1-2")',
      },
      { path: '$.StateMachines.Orders.TestCases.Happy.Ship', message: "unknown mocked response 'NoSuchResponse'" },
      {
        path: '$.StateMachines.Orders.TestCases.Happy.Notify',
        message: 'must be the name of a mocked response (a string)',
      },
      {
        path: '$.StateMachines.Orders.TestCases.Broken',
        message: 'must be an object mapping state names to mocked response names',
      },
      { path: '$.StateMachines.NoCases.TestCases', message: 'is required' },
    ]);
  });

  it('reports duplicate keys, which JSON.parse would silently drop', () => {
    const text =
      '{"StateMachines":{"M":{"TestCases":{"T":{"A":"R"}}}},' +
      '"MockedResponses":{"R":{"0":{"Return":1},"0":{"Throw":{"Error":"E","Cause":"c"}}}}}';
    expect(parseMockConfig(text).problems).toEqual([
      { path: "$.MockedResponses.R['0']", message: 'duplicate key (JSON keeps only the last one)' },
    ]);
  });

  it('reports a JSON syntax error with its line and column, and a wrong top level', () => {
    const syntax = parseMockConfig('{\n  "StateMachines": {,\n}');
    expect(syntax.config).toBeUndefined();
    expect(syntax.problems).toHaveLength(1);
    expect(syntax.problems[0]!.path).toBe('$');
    expect(syntax.problems[0]!.message).toMatch(/^invalid JSON at 2:21: /);
    expect(parseMockConfig('[]').problems).toEqual([
      { path: '$', message: 'a mock config must be a JSON object with StateMachines and MockedResponses' },
    ]);
    expect(parseMockConfig('{"StateMachines": []}').problems).toEqual([
      { path: '$.MockedResponses', message: 'is required' },
      { path: '$.StateMachines', message: 'must be an object of state machines by name' },
    ]);
  });

  it('mockConfigFromText throws a UsageError naming the source and every problem', () => {
    const text = JSON.stringify({ StateMachines: {}, MockedResponses: { R: { x: { Return: 1 } } } });
    let caught: unknown;
    try {
      mockConfigFromText(text, "file 'mocks.json'");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UnwindError);
    const error = caught as UnwindError;
    expect(error.code).toBe('UsageError');
    expect(error.message).toContain("The mock config file 'mocks.json' has 1 problem(s):");
    expect(error.message).toContain('$.MockedResponses.R.x: invalid invocation range');
    expect(error.problems).toEqual([{ path: '$.MockedResponses.R.x', message: expect.stringContaining('invalid') }]);
  });
});

describe('loading a mock config', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('reads a file, and the file SFN_MOCK_CONFIG names (none when unset)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'unwind-mocks-'));
    const file = join(dir, 'MockConfigFile.json');
    writeFileSync(file, JSON.stringify(awsExample));
    const fromFile = await loadMockConfigFile(file);
    expect(resolveMockedResponse(fromFile, 'LambdaSQSIntegration', 'HappyPath', 'SQSState', 0)).toEqual({
      return: { MD5OfMessageBody: '3bcb6e8e', MessageId: '3bcb6e8e-8b51' },
    });
    const fromEnv = await mockConfigFromEnv({ SFN_MOCK_CONFIG: file });
    expect(fromEnv?.stateMachines.get('LambdaSQSIntegration')?.has('RetryPath')).toBe(true);
    expect(await mockConfigFromEnv({})).toBeUndefined();
    expect(await mockConfigFromEnv({ SFN_MOCK_CONFIG: '' })).toBeUndefined();
  });

  it('fails with a UsageError for a missing or invalid file', async () => {
    dir = mkdtempSync(join(tmpdir(), 'unwind-mocks-'));
    const missing = join(dir, 'missing.json');
    await expect(loadMockConfigFile(missing)).rejects.toMatchObject({
      code: 'UsageError',
      message: expect.stringContaining(`Cannot read the mock config file '${missing}'`),
    });
    const invalid = join(dir, 'invalid.json');
    writeFileSync(invalid, '{"StateMachines": {}}');
    await expect(mockConfigFromEnv({ SFN_MOCK_CONFIG: invalid })).rejects.toMatchObject({
      code: 'UsageError',
      message: expect.stringContaining('$.MockedResponses: is required'),
    });
  });
});

describe('splitTestCaseArn', () => {
  it('splits <stateMachineArn>#<TestCase>', () => {
    const machine = 'arn:aws:states:us-east-1:123456789012:stateMachine:Orders';
    expect(splitTestCaseArn(`${machine}#HappyPath`)).toEqual({ stateMachineArn: machine, testCase: 'HappyPath' });
    expect(splitTestCaseArn(machine)).toEqual({ stateMachineArn: machine, testCase: undefined });
  });
});
