import { ApiError, validationError } from '../api-error.js';
import { epochSeconds } from '../epoch-seconds.js';
import type { Operation } from '../operation.js';
import { optionalString, requestMembers, requiredString } from '../request-members.js';
import { parseStateMachineArn } from '../resource-arns.js';
import { stateMachineDoesNotExist } from '../state-machine-lookup.js';

/**
 * PublishStateMachineVersion: the current revision becomes the next version number. Idempotent as AWS:
 * when the latest version already holds the current revision, that version is returned.
 */
export const publishStateMachineVersion: Operation = {
  name: 'PublishStateMachineVersion',
  async run(body, context) {
    const input = requestMembers(body);
    const arn = requiredString(input, 'stateMachineArn', { min: 1, max: 256 });
    const revisionId = optionalString(input, 'revisionId', { max: 2048 });
    const description = optionalString(input, 'description', { max: 256 });
    const parts = parseStateMachineArn(arn);
    if (parts.version !== undefined || parts.alias !== undefined)
      throw validationError(`'stateMachineArn' must be an unqualified state machine ARN: '${arn}'`);
    const stateMachine = await context.registry.getStateMachine(arn);
    if (!stateMachine) throw stateMachineDoesNotExist(arn);
    if (revisionId !== undefined && revisionId !== stateMachine.revisionId)
      throw new ApiError(
        'ConflictException',
        `Conflict: revisionId '${revisionId}' is not the state machine's current revision '${stateMachine.revisionId}'.`,
      );
    const [latest] = await context.registry.listStateMachineVersions(arn, { limit: 1 });
    const version =
      latest && latest.revisionId === stateMachine.revisionId
        ? latest
        : await context.registry.publishStateMachineVersion(arn, description ?? null, context.now());
    if (!version) throw stateMachineDoesNotExist(arn);
    return { stateMachineVersionArn: version.stateMachineVersionArn, creationDate: epochSeconds(version.creationDate) };
  },
};
