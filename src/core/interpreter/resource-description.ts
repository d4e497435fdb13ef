import type { ResourceDescription } from './command.js';

const LAMBDA_FUNCTION = /^arn:aws[\w-]*:lambda:[^:]*:[^:]*:function:[^:]+(:[^:]+)?$/;
const SERVICE_INTEGRATION = /^arn:aws[\w-]*:states:::([^:]+):(.+)$/;
const ACTIVITY = /^arn:aws[\w-]*:states:[^:]+:[^:]+:activity:[^:]+$/;

/** `arn:aws:states:<region>:<account>:activity:<name>`: a task carried out by workers polling GetActivityTask. */
export function isActivityArn(resource: string): boolean {
  return ACTIVITY.test(resource);
}

/** How a Task's Resource appears in history: AWS's event family, resourceType and resource. */
export function describeResource(resource: string): ResourceDescription {
  if (LAMBDA_FUNCTION.test(resource)) return { family: 'LambdaFunction', resourceType: 'lambda', resource };
  if (ACTIVITY.test(resource)) return { family: 'Activity', resourceType: 'activity', resource };
  const integration = SERVICE_INTEGRATION.exec(resource);
  if (integration?.[1] && integration[2]) {
    return { family: 'Task', resourceType: integration[1], resource: integration[2] };
  }
  return { family: 'Task', resourceType: 'local', resource };
}
