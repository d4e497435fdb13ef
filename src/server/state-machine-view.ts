import type { StateMachineRecord } from '../store/registry-port.js';
import { epochSeconds } from './epoch-seconds.js';
import type { ResolvedStateMachine } from './state-machine-lookup.js';
import { DEFAULT_LOGGING, DEFAULT_TRACING } from './state-machine-members.js';

function configuration(text: string | null, fallback: object): unknown {
  return text === null ? fallback : (JSON.parse(text) as unknown);
}

/** The configuration members DescribeStateMachine(ForExecution) echo. */
export function stateMachineConfiguration(stateMachine: StateMachineRecord): Record<string, unknown> {
  return {
    loggingConfiguration: configuration(stateMachine.loggingConfiguration, DEFAULT_LOGGING),
    tracingConfiguration: configuration(stateMachine.tracingConfiguration, DEFAULT_TRACING),
  };
}

/** DescribeStateMachine's answer for a state machine or one of its versions. */
export function stateMachineDescription(
  resolved: ResolvedStateMachine,
  withDefinition = true,
): Record<string, unknown> {
  const { stateMachine, version } = resolved;
  return {
    stateMachineArn: version?.stateMachineVersionArn ?? stateMachine.stateMachineArn,
    name: stateMachine.name,
    status: 'ACTIVE',
    definition: withDefinition ? resolved.definition : '',
    roleArn: resolved.roleArn,
    type: stateMachine.type,
    creationDate: epochSeconds(version?.creationDate ?? stateMachine.creationDate),
    ...stateMachineConfiguration(stateMachine),
    revisionId: version?.revisionId ?? stateMachine.revisionId,
    ...(version?.description ? { description: version.description } : {}),
  };
}
