import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { passDefinition, ROLE_ARN, startApiServer, waitFor, type ApiServerFixture } from './api-server-fixture.js';

const AWS = '/usr/bin/aws';
const available = existsSync(AWS);
if (!available && process.env.CI === 'true')
  throw new Error(`${AWS} is missing: the aws CLI smoke test must run in CI`);

let api: ApiServerFixture | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

/** Runs `aws stepfunctions ...` (asynchronously: the server answers from this same process). */
function aws(url: string, args: string[]): Promise<Record<string, unknown>> {
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'dummy-secret',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_PAGER: '',
  };
  return new Promise((resolve, reject) => {
    execFile(
      AWS,
      ['stepfunctions', ...args, '--endpoint-url', url, '--output', 'json'],
      { env, timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`aws ${args[0]} failed: ${stderr || error.message}`));
        else resolve(stdout.trim() === '' ? {} : (JSON.parse(stdout) as Record<string, unknown>));
      },
    );
  });
}

describe.skipIf(!available)('the aws stepfunctions CLI against the server', () => {
  it('creates a state machine, starts an execution and describes it', async () => {
    api = await startApiServer();
    const created = await aws(api.url, [
      'create-state-machine',
      '--name',
      'cli-machine',
      '--definition',
      passDefinition({ from: 'cli' }),
      '--role-arn',
      ROLE_ARN,
    ]);
    expect(created.stateMachineArn).toBe('arn:aws:states:us-east-1:123456789012:stateMachine:cli-machine');
    const started = await aws(api.url, [
      'start-execution',
      '--state-machine-arn',
      String(created.stateMachineArn),
      '--name',
      'cli-run',
      '--input',
      '{"x":1}',
    ]);
    expect(started.executionArn).toBe('arn:aws:states:us-east-1:123456789012:execution:cli-machine:cli-run');
    const described = await waitFor(
      async () => {
        const result = await aws(api!.url, ['describe-execution', '--execution-arn', String(started.executionArn)]);
        return result.status === 'RUNNING' ? undefined : result;
      },
      'the CLI execution to end',
      30_000,
    );
    expect(described).toMatchObject({ status: 'SUCCEEDED', input: '{"x":1}', output: '{"from":"cli"}' });

    const missing = aws(api.url, [
      'describe-state-machine',
      '--state-machine-arn',
      `${String(created.stateMachineArn)}-gone`,
    ]);
    await expect(missing).rejects.toThrow(/StateMachineDoesNotExist/);
  });
});
