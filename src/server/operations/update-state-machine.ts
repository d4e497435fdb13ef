import { randomUUID } from 'node:crypto';
import type { UpdateStateMachinePatch } from '../../store/registry-port.js';
import { ApiError, validationError } from '../api-error.js';
import { checkDefinition } from '../definition-check.js';
import { epochSeconds } from '../epoch-seconds.js';
import type { Operation } from '../operation.js';
import { optionalBoolean, optionalObject, optionalString, requestMembers, requiredString } from '../request-members.js';
import { parseStateMachineArn } from '../resource-arns.js';
import { stateMachineDoesNotExist } from '../state-machine-lookup.js';
import {
  checkRoleArn,
  loggingConfigurationOf,
  tracingConfigurationOf,
  versionDescriptionOf,
} from '../state-machine-members.js';

/**
 * UpdateStateMachine: a new revision. Running executions keep the definition text they started with
 * (the engine pins each execution to its definition), new ones get the new definition.
 */
export const updateStateMachine: Operation = {
  name: 'UpdateStateMachine',
  async run(body, context) {
    const input = requestMembers(body);
    const arn = requiredString(input, 'stateMachineArn', { min: 1, max: 256 });
    const parts = parseStateMachineArn(arn);
    if (parts.version !== undefined || parts.alias !== undefined)
      throw validationError(
        `'stateMachineArn' must be an unqualified state machine ARN (not a version or alias): '${arn}'`,
      );
    const definition = optionalString(input, 'definition', { min: 1, max: 1_048_576 });
    const roleArnText = optionalString(input, 'roleArn', { min: 1, max: 256 });
    const loggingConfiguration = loggingConfigurationOf(input);
    const tracingConfiguration = tracingConfigurationOf(input);
    optionalObject(input, 'encryptionConfiguration');
    const publish = optionalBoolean(input, 'publish') ?? false;
    const versionDescription = versionDescriptionOf(input, publish);
    if (
      definition === undefined &&
      roleArnText === undefined &&
      loggingConfiguration === undefined &&
      tracingConfiguration === undefined
    )
      throw new ApiError(
        'MissingRequiredParameter',
        'Missing Required Parameter: give at least one of definition, roleArn, loggingConfiguration, tracingConfiguration.',
      );
    if (definition !== undefined) checkDefinition(definition);

    const patch: UpdateStateMachinePatch = { updateDate: context.now(), revisionId: randomUUID() };
    if (definition !== undefined) patch.definition = definition;
    if (roleArnText !== undefined) patch.roleArn = checkRoleArn(roleArnText);
    if (loggingConfiguration !== undefined) patch.loggingConfiguration = loggingConfiguration;
    if (tracingConfiguration !== undefined) patch.tracingConfiguration = tracingConfiguration;
    const updated = await context.registry.updateStateMachine(parts.stateMachineArn, patch);
    if (!updated) throw stateMachineDoesNotExist(arn);
    const version = publish
      ? await context.registry.publishStateMachineVersion(arn, versionDescription ?? null, patch.updateDate)
      : undefined;
    return {
      updateDate: epochSeconds(updated.updateDate ?? patch.updateDate),
      revisionId: updated.revisionId,
      ...(version ? { stateMachineVersionArn: version.stateMachineVersionArn } : {}),
    };
  },
};
