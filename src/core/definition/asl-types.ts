import type { Json, JsonObject } from '../json.js';

/** The ASL types as the interpreter reads them once a definition has been validated. */
export interface StateMachineDefinition {
  StartAt: string;
  States: Record<string, StateDefinition>;
  Comment?: string;
  Version?: string;
  TimeoutSeconds?: number;
  QueryLanguage?: 'JSONPath' | 'JSONata';
}

/** A Parallel branch or a Map ItemProcessor/Iterator: the same shape as a machine. */
export interface ScopeDefinition {
  StartAt: string;
  States: Record<string, StateDefinition>;
  Comment?: string;
  ProcessorConfig?: { Mode?: 'INLINE' | 'DISTRIBUTED'; ExecutionType?: string };
}

export type StateType = 'Task' | 'Pass' | 'Choice' | 'Wait' | 'Succeed' | 'Fail' | 'Parallel' | 'Map';

export interface CommonFields {
  Type: StateType;
  Comment?: string;
  Next?: string;
  End?: boolean;
  InputPath?: string | null;
  OutputPath?: string | null;
  QueryLanguage?: 'JSONPath' | 'JSONata';
  /** JSONata: the state's output, and its input to the resource / branches. */
  Output?: Json;
  Arguments?: Json;
  /** Variables to set when the state exits (both query languages). */
  Assign?: Json;
}

export interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: 'FULL' | 'NONE';
  Comment?: string;
}

export interface Catcher {
  ErrorEquals: string[];
  Next: string;
  ResultPath?: string | null;
  Output?: Json;
  Assign?: Json;
  Comment?: string;
}

export interface ResultFields {
  Parameters?: Json;
  ResultSelector?: Json;
  ResultPath?: string | null;
  Retry?: Retrier[];
  Catch?: Catcher[];
}

export interface TaskState extends CommonFields, ResultFields {
  Type: 'Task';
  Resource: string;
  TimeoutSeconds?: number;
  TimeoutSecondsPath?: string;
  HeartbeatSeconds?: number;
  HeartbeatSecondsPath?: string;
  Credentials?: JsonObject;
}

export interface PassState extends CommonFields {
  Type: 'Pass';
  Result?: Json;
  Parameters?: Json;
  ResultPath?: string | null;
}

/** A Choice rule: a data test (Variable + one operator) or a boolean combination. */
export interface ChoiceRule {
  Variable?: string;
  And?: ChoiceRule[];
  Or?: ChoiceRule[];
  Not?: ChoiceRule;
  Next?: string;
  Comment?: string;
  [operator: string]: Json | ChoiceRule | ChoiceRule[] | undefined;
}

export interface ChoiceState extends CommonFields {
  Type: 'Choice';
  Choices: ChoiceRule[];
  Default?: string;
}

export interface WaitState extends CommonFields {
  Type: 'Wait';
  Seconds?: number;
  SecondsPath?: string;
  Timestamp?: string;
  TimestampPath?: string;
}

export interface SucceedState extends CommonFields {
  Type: 'Succeed';
}

export interface FailState extends CommonFields {
  Type: 'Fail';
  Error?: string;
  Cause?: string;
  ErrorPath?: string;
  CausePath?: string;
}

export interface ParallelState extends CommonFields, ResultFields {
  Type: 'Parallel';
  Branches: ScopeDefinition[];
}

export interface MapState extends CommonFields, ResultFields {
  Type: 'Map';
  ItemsPath?: string;
  ItemSelector?: Json;
  ItemProcessor?: ScopeDefinition;
  Iterator?: ScopeDefinition;
  MaxConcurrency?: number;
  MaxConcurrencyPath?: string;
  /** JSONata: the items (an array, or an expression yielding one). */
  Items?: Json;
  ToleratedFailureCount?: number;
  ToleratedFailureCountPath?: string;
  ToleratedFailurePercentage?: number;
  ToleratedFailurePercentagePath?: string;
  Label?: string;
}

export type StateDefinition =
  TaskState | PassState | ChoiceState | WaitState | SucceedState | FailState | ParallelState | MapState;
