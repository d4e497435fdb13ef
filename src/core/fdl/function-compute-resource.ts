/** `acs:fc:<region>:<account>:services/<service>[.<qualifier>]/functions/<function>` (region and account may be empty or `{region}`). */
const FUNCTION_COMPUTE_ARN = /^acs:fc:[^:]*:[^:]*:services\/([^/.]+)(?:\.[^/]+)?\/functions\/([^/]+)$/;

/** The error a Function Compute task fails with when its function crashes or fails without naming an error. */
export const FUNCTION_COMPUTE_UNKNOWN_ERROR = 'FC.Unknown';

/** The handler names a Function Compute ARN may resolve to, most specific first (`S/F`, then `F`); undefined for other resources. */
export function functionComputeHandlerNames(resource: string): [string, string] | undefined {
  const match = FUNCTION_COMPUTE_ARN.exec(resource);
  if (!match?.[1] || !match[2]) return undefined;
  return [`${match[1]}/${match[2]}`, match[2]];
}

export function isFunctionComputeArn(resource: string): boolean {
  return resource.startsWith('acs:fc:');
}
