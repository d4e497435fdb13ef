import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeStateMachineCommand } from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';
import { loadDefinitionFiles } from '../../src/server/definition-files.js';
import { startApiServer, type ApiServerFixture } from './api-server-fixture.js';

/** `unwind serve --definitions DIR --sub NAME=VALUE` fills `${NAME}` placeholders as `run` and `validate` do. */
let fixture: ApiServerFixture | undefined;
let dir: string | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const definition = {
  StartAt: 'Notify',
  States: { Notify: { Type: 'Task', Resource: '${NotifyFunctionArn}', End: true } },
};

describe('definition files with placeholders', () => {
  it('registers the definition with its placeholders filled', async () => {
    fixture = await startApiServer({ notify: () => Promise.resolve({}) });
    dir = mkdtempSync(join(tmpdir(), 'unwind-defs-'));
    writeFileSync(join(dir, 'notifier.asl.json'), JSON.stringify(definition));
    const [loaded] = await loadDefinitionFiles(fixture.server.context, [dir], { NotifyFunctionArn: 'notify' });
    expect(loaded).toMatchObject({ name: 'notifier', action: 'created' });
    const described = await fixture.client.send(
      new DescribeStateMachineCommand({ stateMachineArn: loaded!.stateMachineArn }),
    );
    expect(JSON.parse(described.definition!)).toEqual({
      StartAt: 'Notify',
      States: { Notify: { Type: 'Task', Resource: 'notify', End: true } },
    });
  });

  it('refuses a file whose placeholder is not filled, naming it', async () => {
    fixture = await startApiServer();
    dir = mkdtempSync(join(tmpdir(), 'unwind-defs-'));
    writeFileSync(join(dir, 'notifier.asl.json'), JSON.stringify(definition));
    await expect(loadDefinitionFiles(fixture.server.context, [dir])).rejects.toThrow(/NotifyFunctionArn/);
  });
});
