import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DeleteStateMachineVersionCommand,
  DescribeStateMachineCommand,
  ListStateMachinesCommand,
  ListStateMachineVersionsCommand,
  ListTagsForResourceCommand,
  PublishStateMachineVersionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateStateMachineCommand,
  ValidateStateMachineDefinitionCommand,
} from '@aws-sdk/client-sfn';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { passDefinition, ROLE_ARN, sdkError, startApiServer, type ApiServerFixture } from './api-server-fixture.js';

let api: ApiServerFixture;
beforeEach(async () => {
  api = await startApiServer();
});
afterEach(async () => {
  await api.close();
});

const create = (name: string, definition = passDefinition(), extra: Record<string, unknown> = {}) =>
  api.client.send(new CreateStateMachineCommand({ name, definition, roleArn: ROLE_ARN, ...extra }));

describe('CreateStateMachine / DescribeStateMachine', () => {
  it('creates, describes, and is idempotent for the same definition and configuration', async () => {
    const first = await create('orders');
    expect(first.stateMachineArn).toBe('arn:aws:states:us-east-1:123456789012:stateMachine:orders');
    expect(first.creationDate).toBeInstanceOf(Date);
    const again = await create('orders', passDefinition(), { roleArn: 'arn:aws:iam::123456789012:role/other' });
    expect(again.stateMachineArn).toBe(first.stateMachineArn);
    expect(again.creationDate?.getTime()).toBe(first.creationDate?.getTime());

    const described = await api.client.send(
      new DescribeStateMachineCommand({ stateMachineArn: first.stateMachineArn }),
    );
    expect(described).toMatchObject({
      name: 'orders',
      status: 'ACTIVE',
      type: 'STANDARD',
      definition: passDefinition(),
      roleArn: ROLE_ARN,
      loggingConfiguration: { level: 'OFF', includeExecutionData: false },
      tracingConfiguration: { enabled: false },
    });
    expect(described.revisionId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers StateMachineAlreadyExists for the same name with another definition or type', async () => {
    await create('orders');
    expect((await sdkError(create('orders', passDefinition({ other: 1 })))).name).toBe('StateMachineAlreadyExists');
    expect((await sdkError(create('orders', passDefinition(), { type: 'EXPRESS' }))).name).toBe(
      'StateMachineAlreadyExists',
    );
  });

  it('answers InvalidDefinition naming the JSON path of every problem', async () => {
    const definition = JSON.stringify({
      StartAt: 'A',
      States: { A: { Type: 'Pass', Next: 'Missing' }, B: { Type: 'Wait', End: true } },
    });
    const error = await sdkError(create('broken', definition));
    expect(error.name).toBe('InvalidDefinition');
    expect(error.message).toContain('$.States.A.Next');
    expect(error.message).toContain('$.States.B');
    expect((await sdkError(create('broken', '{"StartAt": '))).name).toBe('InvalidDefinition');
  });

  it('answers InvalidName, InvalidArn and ValidationException for bad members', async () => {
    expect((await sdkError(create('has space'))).name).toBe('InvalidName');
    const badRole = api.client.send(
      new CreateStateMachineCommand({ name: 'x', definition: passDefinition(), roleArn: 'not-an-arn' }),
    );
    expect((await sdkError(badRole)).name).toBe('InvalidArn');
    const tooLong = await sdkError(create('a'.repeat(81)));
    expect(tooLong.name).toBe('ValidationException');
    expect(tooLong.message).toContain("'name'");
    const badType = await sdkError(create('x', passDefinition(), { type: 'FAST' }));
    expect(badType.name).toBe('ValidationException');
    expect(badType.message).toContain("'type'");
  });

  it('describes StateMachineDoesNotExist and rejects a malformed ARN', async () => {
    const missing = 'arn:aws:states:us-east-1:123456789012:stateMachine:nope';
    expect((await sdkError(api.client.send(new DescribeStateMachineCommand({ stateMachineArn: missing })))).name).toBe(
      'StateMachineDoesNotExist',
    );
    expect((await sdkError(api.client.send(new DescribeStateMachineCommand({ stateMachineArn: 'nope' })))).name).toBe(
      'InvalidArn',
    );
  });
});

describe('UpdateStateMachine, versions, DeleteStateMachine', () => {
  it('updates with a new revisionId and publishes versions that describe their own definition', async () => {
    const { stateMachineArn, stateMachineVersionArn: v1 } = await create('orders', passDefinition(1), {
      publish: true,
      versionDescription: 'first',
    });
    expect(v1).toBe(`${stateMachineArn}:1`);
    const before = await api.client.send(new DescribeStateMachineCommand({ stateMachineArn }));
    const updated = await api.client.send(
      new UpdateStateMachineCommand({ stateMachineArn, definition: passDefinition(2), publish: true }),
    );
    expect(updated.revisionId).not.toBe(before.revisionId);
    expect(updated.updateDate).toBeInstanceOf(Date);
    expect(updated.stateMachineVersionArn).toBe(`${stateMachineArn}:2`);

    const version1 = await api.client.send(new DescribeStateMachineCommand({ stateMachineArn: v1 }));
    expect(version1).toMatchObject({ stateMachineArn: v1, definition: passDefinition(1), description: 'first' });
    const current = await api.client.send(new DescribeStateMachineCommand({ stateMachineArn }));
    expect(current.definition).toBe(passDefinition(2));

    // Publishing the current revision again returns the version that holds it.
    const republished = await api.client.send(new PublishStateMachineVersionCommand({ stateMachineArn }));
    expect(republished.stateMachineVersionArn).toBe(`${stateMachineArn}:2`);
    const conflict = api.client.send(new PublishStateMachineVersionCommand({ stateMachineArn, revisionId: 'stale' }));
    expect((await sdkError(conflict)).name).toBe('ConflictException');

    const versions = await api.client.send(new ListStateMachineVersionsCommand({ stateMachineArn, maxResults: 1 }));
    expect(versions.stateMachineVersions?.map((version) => version.stateMachineVersionArn)).toEqual([
      `${stateMachineArn}:2`,
    ]);
    const rest = await api.client.send(
      new ListStateMachineVersionsCommand({ stateMachineArn, nextToken: versions.nextToken }),
    );
    expect(rest.stateMachineVersions?.map((version) => version.stateMachineVersionArn)).toEqual([v1]);
    expect(rest.nextToken).toBeUndefined();

    await api.client.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: v1 }));
    expect((await sdkError(api.client.send(new DescribeStateMachineCommand({ stateMachineArn: v1 })))).name).toBe(
      'StateMachineDoesNotExist',
    );
  });

  it('rejects updates without anything to change, of missing machines, and with an invalid definition', async () => {
    const { stateMachineArn } = await create('orders');
    expect((await sdkError(api.client.send(new UpdateStateMachineCommand({ stateMachineArn })))).name).toBe(
      'MissingRequiredParameter',
    );
    const invalid = api.client.send(new UpdateStateMachineCommand({ stateMachineArn, definition: '{"States": {}}' }));
    expect((await sdkError(invalid)).name).toBe('InvalidDefinition');
    const missing = api.client.send(
      new UpdateStateMachineCommand({ stateMachineArn: `${stateMachineArn}-gone`, roleArn: ROLE_ARN }),
    );
    expect((await sdkError(missing)).name).toBe('StateMachineDoesNotExist');
    const description = api.client.send(
      new UpdateStateMachineCommand({ stateMachineArn, roleArn: ROLE_ARN, versionDescription: 'no publish' }),
    );
    expect((await sdkError(description)).name).toBe('ValidationException');
  });

  it('deletes a state machine (idempotently) and refuses a version ARN', async () => {
    const { stateMachineArn, stateMachineVersionArn } = await create('orders', passDefinition(), { publish: true });
    const byVersion = api.client.send(new DeleteStateMachineCommand({ stateMachineArn: stateMachineVersionArn }));
    expect((await sdkError(byVersion)).name).toBe('ValidationException');
    await api.client.send(new DeleteStateMachineCommand({ stateMachineArn }));
    await api.client.send(new DeleteStateMachineCommand({ stateMachineArn }));
    expect((await sdkError(api.client.send(new DescribeStateMachineCommand({ stateMachineArn })))).name).toBe(
      'StateMachineDoesNotExist',
    );
  });
});

describe('ListStateMachines', () => {
  it('pages through every state machine by name and refuses a tampered token', async () => {
    const names = ['m1', 'm2', 'm3', 'm4', 'm5'];
    for (const name of [...names].reverse()) await create(name);
    const seen: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await api.client.send(new ListStateMachinesCommand({ maxResults: 2, nextToken }));
      seen.push(...(page.stateMachines ?? []).map((machine) => machine.name!));
      expect(page.stateMachines?.every((machine) => machine.type === 'STANDARD')).toBe(true);
      nextToken = page.nextToken;
      pages += 1;
    } while (nextToken);
    expect(seen).toEqual(names);
    expect(pages).toBe(3);

    const first = await api.client.send(new ListStateMachinesCommand({ maxResults: 2 }));
    const token = first.nextToken!;
    const tampered = `${token.slice(0, 5)}${token[5] === 'A' ? 'B' : 'A'}${token.slice(6)}`;
    const error = await sdkError(api.client.send(new ListStateMachinesCommand({ nextToken: tampered })));
    expect(error.name).toBe('InvalidToken');
  });
});

describe('ValidateStateMachineDefinition', () => {
  it('answers OK, or FAIL with a diagnostic per problem located by its JSON path', async () => {
    const ok = await api.client.send(new ValidateStateMachineDefinitionCommand({ definition: passDefinition() }));
    expect(ok).toMatchObject({ result: 'OK', diagnostics: [], truncated: false });
    const definition = JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Nowhere' } } });
    const failed = await api.client.send(new ValidateStateMachineDefinitionCommand({ definition }));
    expect(failed.result).toBe('FAIL');
    expect(failed.diagnostics?.[0]).toMatchObject({ severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED' });
    expect(failed.diagnostics?.map((diagnostic) => diagnostic.location)).toContain('$.States.A.Next');
    const syntax = await api.client.send(new ValidateStateMachineDefinitionCommand({ definition: '{' }));
    expect(syntax.diagnostics?.[0]?.code).toBe('INVALID_JSON_DESCRIPTION');
  });

  it('warns about task resources without a handler only when asked for warnings', async () => {
    const definition = JSON.stringify({
      StartAt: 'Pay',
      States: { Pay: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:Pay', End: true } },
    });
    const errors = await api.client.send(new ValidateStateMachineDefinitionCommand({ definition }));
    expect(errors.diagnostics).toEqual([]);
    const warnings = await api.client.send(
      new ValidateStateMachineDefinitionCommand({ definition, severity: 'WARNING' }),
    );
    expect(warnings.result).toBe('OK');
    expect(warnings.diagnostics).toEqual([
      expect.objectContaining({ severity: 'WARNING', code: 'INVALID_RESOURCE', location: '$.States.Pay.Resource' }),
    ]);
  });
});

describe('tags', () => {
  it('tags, lists, untags, and refuses unknown resources and too many tags', async () => {
    const { stateMachineArn } = await create('orders', passDefinition(), { tags: [{ key: 'team', value: 'pay' }] });
    await api.client.send(
      new TagResourceCommand({ resourceArn: stateMachineArn, tags: [{ key: 'env', value: 'dev' }] }),
    );
    const listed = await api.client.send(new ListTagsForResourceCommand({ resourceArn: stateMachineArn }));
    expect(listed.tags).toEqual([
      { key: 'env', value: 'dev' },
      { key: 'team', value: 'pay' },
    ]);
    await api.client.send(new UntagResourceCommand({ resourceArn: stateMachineArn, tagKeys: ['team'] }));
    const after = await api.client.send(new ListTagsForResourceCommand({ resourceArn: stateMachineArn }));
    expect(after.tags).toEqual([{ key: 'env', value: 'dev' }]);

    const missing = api.client.send(new ListTagsForResourceCommand({ resourceArn: `${stateMachineArn}x` }));
    expect((await sdkError(missing)).name).toBe('ResourceNotFound');
    const many = Array.from({ length: 50 }, (_, index) => ({ key: `k${index}`, value: 'v' }));
    const tooMany = api.client.send(new TagResourceCommand({ resourceArn: stateMachineArn, tags: many }));
    expect((await sdkError(tooMany)).name).toBe('TooManyTags');
  });
});
