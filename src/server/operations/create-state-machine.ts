import { randomUUID } from 'node:crypto';
import { stateMachineArn } from '../../engine/arns.js';
import type { StateMachineRecord, StateMachineVersionRecord } from '../../store/registry-port.js';
import { ApiError } from '../api-error.js';
import { checkDefinition } from '../definition-check.js';
import { epochSeconds } from '../epoch-seconds.js';
import type { Operation, ServerContext } from '../operation.js';
import { optionalBoolean, optionalEnum, optionalObject, requestMembers, requiredString } from '../request-members.js';
import {
  checkName,
  checkRoleArn,
  DEFAULT_LOGGING,
  DEFAULT_TRACING,
  loggingConfigurationOf,
  tracingConfigurationOf,
  versionDescriptionOf,
} from '../state-machine-members.js';
import { canonicalJson } from '../canonical-json.js';
import { MAX_TAGS, optionalTags } from '../tag-members.js';

const DEFAULT_LOGGING_TEXT = canonicalJson(DEFAULT_LOGGING);
const DEFAULT_TRACING_TEXT = canonicalJson(DEFAULT_TRACING);

/** Same definition, type and configurations: a repeated create is idempotent (roleArn and tags are ignored, as AWS). */
function sameStateMachine(existing: StateMachineRecord, wanted: StateMachineRecord): boolean {
  return (
    existing.definition === wanted.definition &&
    existing.type === wanted.type &&
    (existing.loggingConfiguration ?? DEFAULT_LOGGING_TEXT) === (wanted.loggingConfiguration ?? DEFAULT_LOGGING_TEXT) &&
    (existing.tracingConfiguration ?? DEFAULT_TRACING_TEXT) === (wanted.tracingConfiguration ?? DEFAULT_TRACING_TEXT)
  );
}

function alreadyExists(arn: string): ApiError {
  return new ApiError(
    'StateMachineAlreadyExists',
    `State Machine Already Exists: '${arn}' (with another definition, type or configuration)`,
  );
}

async function existingVersion(
  context: ServerContext,
  arn: string,
  description: string | undefined,
): Promise<StateMachineVersionRecord> {
  const [latest] = await context.registry.listStateMachineVersions(arn, { limit: 1 });
  if (!latest || (latest.description ?? undefined) !== description) throw alreadyExists(arn);
  return latest;
}

export const createStateMachine: Operation = {
  name: 'CreateStateMachine',
  async run(body, context) {
    const input = requestMembers(body);
    const name = checkName(requiredString(input, 'name', { min: 1, max: 80 }), 'name');
    const definition = requiredString(input, 'definition', { min: 1, max: 1_048_576 });
    const roleArn = checkRoleArn(requiredString(input, 'roleArn', { min: 1, max: 256 }));
    const type = optionalEnum(input, 'type', ['STANDARD', 'EXPRESS'] as const) ?? 'STANDARD';
    const loggingConfiguration = loggingConfigurationOf(input) ?? null;
    const tracingConfiguration = tracingConfigurationOf(input) ?? null;
    optionalObject(input, 'encryptionConfiguration');
    const tags = optionalTags(input) ?? [];
    if (tags.length > MAX_TAGS)
      throw new ApiError('TooManyTags', `Too Many Tags: at most ${MAX_TAGS} tags per resource (got ${tags.length}).`);
    const publish = optionalBoolean(input, 'publish') ?? false;
    const versionDescription = versionDescriptionOf(input, publish);
    checkDefinition(definition);

    const now = context.now();
    const wanted: StateMachineRecord = {
      stateMachineArn: stateMachineArn(context, name),
      name,
      type,
      definition,
      roleArn,
      description: null,
      loggingConfiguration,
      tracingConfiguration,
      creationDate: now,
      updateDate: null,
      revisionId: randomUUID(),
    };
    const { created, record } = await context.registry.createStateMachine(wanted);
    let version: StateMachineVersionRecord | undefined;
    if (!created) {
      if (!sameStateMachine(record, wanted)) throw alreadyExists(record.stateMachineArn);
      if (publish) version = await existingVersion(context, record.stateMachineArn, versionDescription);
    } else {
      if (tags.length > 0) await context.registry.tagResource(record.stateMachineArn, tags);
      if (publish)
        version = await context.registry.publishStateMachineVersion(
          record.stateMachineArn,
          versionDescription ?? null,
          now,
        );
    }
    return {
      stateMachineArn: record.stateMachineArn,
      creationDate: epochSeconds(record.creationDate),
      ...(version ? { stateMachineVersionArn: version.stateMachineVersionArn } : {}),
    };
  },
};
