import type { ResourceDescription } from './command.js';

const LAMBDA_FUNCTION = /^arn:aws[\w-]*:lambda:[^:]*:[^:]*:function:[^:]+(:[^:]+)?$/;
const SERVICE_INTEGRATION = /^arn:aws[\w-]*:states:::([^:]+):(.+)$/;

/** How a Task's Resource appears in history: AWS's event family, resourceType and resource. */
export function describeResource(resource: string): ResourceDescription {
  if (LAMBDA_FUNCTION.test(resource)) return { family: 'LambdaFunction', resourceType: 'lambda', resource };
  const integration = SERVICE_INTEGRATION.exec(resource);
  if (integration?.[1] && integration[2]) {
    return { family: 'Task', resourceType: integration[1], resource: integration[2] };
  }
  return { family: 'Task', resourceType: 'local', resource };
}
