export const DEFAULT_REGION = 'us-east-1';
export const DEFAULT_ACCOUNT = '123456789012';

export interface ArnScope {
  region: string;
  account: string;
}

export function stateMachineArn(scope: ArnScope, name: string): string {
  return `arn:aws:states:${scope.region}:${scope.account}:stateMachine:${name}`;
}

export function executionArn(scope: ArnScope, stateMachineName: string, name: string): string {
  return `arn:aws:states:${scope.region}:${scope.account}:execution:${stateMachineName}:${name}`;
}

/** The state machine name inside a state machine or execution ARN. */
export function stateMachineNameOf(arn: string): string {
  const parts = arn.split(':');
  return parts[6] ?? arn;
}

/** Names of state machines and executions: 1-80 chars, none of the characters AWS forbids. */
const FORBIDDEN_NAME = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\p{Cc}]/u;

export function nameProblem(name: string): string | undefined {
  if (name.length < 1 || name.length > 80) return 'must be 1 to 80 characters long';
  if (FORBIDDEN_NAME.test(name))
    return 'must not contain whitespace, brackets, wildcards, control characters or any of " # % \\ ^ | ~ ` $ & , ; : /';
  return undefined;
}
