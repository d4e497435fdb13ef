import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateStateMachineCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROLE_ARN, waitFor, waitForEnd } from './api-server-fixture.js';
import { bounded, ServeProcess, sfnClient } from './serve-process.js';

let dir: string;
let served: ServeProcess | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'unwind-serve-mock-'));
});
afterEach(async () => {
  await served?.kill();
  served = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const definition = JSON.stringify({
  StartAt: 'Quote',
  States: { Quote: { Type: 'Task', Resource: 'Quote', ResultPath: '$.quote', End: true } },
});

describe('unwind serve with a mock config (child process)', () => {
  it('loads SFN_MOCK_CONFIG, runs <arn>#<TestCase> on the mocks, and counts API requests in /metrics', async () => {
    const mockFile = join(dir, 'MockConfigFile.json');
    writeFileSync(
      mockFile,
      JSON.stringify({
        StateMachines: { quotes: { TestCases: { Cheap: { Quote: 'CheapQuote' } } } },
        MockedResponses: { CheapQuote: { '0': { Return: { price: 3 } } } },
      }),
    );
    // The real handler leaves a mark; the mocked execution must not call it.
    const called = join(dir, 'quote-called');
    const handlers = join(dir, 'handlers.mjs');
    writeFileSync(
      handlers,
      `import { writeFileSync } from 'node:fs';\n` +
        `export const handlers = { Quote: () => { writeFileSync(${JSON.stringify(called)}, 'x'); return { price: 99 }; } };\n`,
    );
    served = new ServeProcess(dir, ['--port', '0', '--db', join(dir, 'unwind.db'), '--handlers', handlers], {
      SFN_MOCK_CONFIG: mockFile,
    });
    await bounded(served.started, 60_000, 'the serving line');
    expect(served.firstLine).toContain('mock test cases: 1');
    const sfn = sfnClient(served.url);
    try {
      const { stateMachineArn } = await sfn.send(
        new CreateStateMachineCommand({ name: 'quotes', definition, roleArn: ROLE_ARN }),
      );
      const { executionArn } = await sfn.send(
        new StartExecutionCommand({ stateMachineArn: `${stateMachineArn}#Cheap`, input: '{"item":"pen"}' }),
      );
      const ended = await waitForEnd(sfn, executionArn!);
      expect(ended.status).toBe('SUCCEEDED');
      expect(JSON.parse(ended.output!)).toEqual({ item: 'pen', quote: { price: 3 } });
      expect(existsSync(called)).toBe(false);

      const url = served.url;
      const metrics = await waitFor(async () => {
        const text = await (await fetch(`${url}/metrics`)).text();
        return text.includes('unwind_api_requests_total{operation="StartExecution",status="200"} 1') ? text : undefined;
      }, 'the StartExecution count in /metrics');
      expect(metrics).toContain('unwind_api_requests_total{operation="CreateStateMachine",status="200"} 1');
    } finally {
      sfn.destroy();
    }
  });

  it('exits 2 listing every problem of an invalid --mock-config with its JSON path', async () => {
    const mockFile = join(dir, 'broken-mocks.json');
    writeFileSync(
      mockFile,
      JSON.stringify({
        StateMachines: { m: { TestCases: { T: { S: 'Missing' } } } },
        MockedResponses: { Bad: { '0': { Return: 1, Throw: { Error: 'x', Cause: 'y' } } } },
      }),
    );
    served = new ServeProcess(dir, ['--port', '0', '--db', join(dir, 'unwind.db'), '--mock-config', mockFile]);
    const exit = await bounded(served.exit, 60_000, 'the refusal');
    expect(exit.code).toBe(2);
    expect(served.stderr).toContain('broken-mocks.json');
    expect(served.stderr).toContain("$.MockedResponses.Bad['0']: has both Return and Throw");
    expect(served.stderr).toContain("$.StateMachines.m.TestCases.T.S: unknown mocked response 'Missing'");
  });
});
