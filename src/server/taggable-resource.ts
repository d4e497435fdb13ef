import { ApiError } from './api-error.js';
import type { ServerContext } from './operation.js';
import { resourceTypeOf } from './resource-arns.js';

function notFound(arn: string): ApiError {
  return new ApiError('ResourceNotFound', `Resource not found: '${arn}'`, 400, { resourceName: arn });
}

/** Tags live on state machines and activities; InvalidArn for other ARNs, ResourceNotFound when it does not exist. */
export async function findTaggableResource(context: ServerContext, arn: string): Promise<void> {
  const type = resourceTypeOf(arn);
  if (type === 'stateMachine') {
    if (arn.split(':').length !== 7)
      throw new ApiError('InvalidArn', `Invalid Arn: tags are on unqualified state machine ARNs, not '${arn}'.`);
    if (!(await context.registry.getStateMachine(arn))) throw notFound(arn);
    return;
  }
  if (type === 'activity') {
    if (!(await context.registry.getActivity(arn))) throw notFound(arn);
    return;
  }
  throw new ApiError('InvalidArn', `Invalid Arn: '${arn}' at 'resourceArn' is not a state machine or activity ARN.`);
}
