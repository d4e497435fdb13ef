import type { ActivityRecord, ActivityTaskRecord, StateMachineRecord } from '../src/store/registry-port.js';

export const region = 'arn:aws:states:us-east-1:123456789012';

export function stateMachineArnOf(name: string): string {
  return `${region}:stateMachine:${name}`;
}

export function activityArnOf(name: string): string {
  return `${region}:activity:${name}`;
}

export function executionArnOf(name: string): string {
  return `${region}:execution:trip:${name}`;
}

export function stateMachineRecord(name: string, overrides: Partial<StateMachineRecord> = {}): StateMachineRecord {
  return {
    stateMachineArn: stateMachineArnOf(name),
    name,
    type: 'STANDARD',
    definition: `{"StartAt":"${name}","States":{"${name}":{"Type":"Succeed"}}}`,
    roleArn: 'arn:aws:iam::123456789012:role/saga',
    description: `the ${name} saga`,
    loggingConfiguration: '{"level":"ALL","includeExecutionData":true}',
    tracingConfiguration: '{"enabled":false}',
    creationDate: 1_000,
    updateDate: null,
    revisionId: `revision-${name}-0`,
    ...overrides,
  };
}

export function activityRecord(name: string, creationDate = 1_000): ActivityRecord {
  return { activityArn: activityArnOf(name), name, creationDate };
}

export function activityTask(
  taskToken: string,
  options: { activity?: string; execution?: string; createdAt?: number; input?: string } = {},
): ActivityTaskRecord {
  return {
    taskToken,
    activityArn: activityArnOf(options.activity ?? 'charge-card'),
    executionArn: executionArnOf(options.execution ?? 'trip-1'),
    input: options.input ?? `{"token":"${taskToken}"}`,
    createdAt: options.createdAt ?? 1_000,
    workerName: null,
    takenAt: null,
  };
}

/** Names whose byte order differs from a case-insensitive or locale order: 'Bravo' < 'alpha'. */
export const unsortedNames = ['delta', 'alpha', 'echo', 'Bravo', 'charlie'];
export const namesInByteOrder = ['Bravo', 'alpha', 'charlie', 'delta', 'echo'];
