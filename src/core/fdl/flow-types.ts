import type { Json } from '../json.js';

/** One step of a path after its root: `.name` / `['name']`, `[3]`, `[*]` / `.*`. */
export type PathSegment = { kind: 'field'; name: string } | { kind: 'index'; index: number } | { kind: 'wildcard' };

/** Where a mapping source reads from: `$input`, `$local`, `$context` or `$` (the step's input). */
export type PathRoot = 'input' | 'local' | 'context' | 'dollar';

/** A mapping source: a path (`$input.a.b`, `$local[*].name`, `$context.task.token`) or a constant. */
export type MappingSource =
  { kind: 'path'; root: PathRoot; segments: PathSegment[] } | { kind: 'constant'; value: Json };

export interface Mapping {
  target: string;
  source: MappingSource;
}

export interface RetryRule {
  errors: string[];
  intervalSeconds?: number;
  maxIntervalSeconds?: number;
  maxAttempts?: number;
  multiplier?: number;
}

export interface CatchRule {
  errors: string[];
  goto: string;
}

export type StepType = 'task' | 'pass' | 'choice' | 'parallel' | 'foreach' | 'wait' | 'succeed' | 'fail';

interface StepFields {
  name: string;
  end: boolean;
  inputMappings?: Mapping[];
  outputMappings?: Mapping[];
}

export type TaskPattern = 'requestResponse' | 'sync' | 'waitForCallback';

export interface TaskStep extends StepFields {
  type: 'task';
  resourceArn: string;
  pattern: TaskPattern;
  timeoutSeconds?: number;
  errorMappings?: Mapping[];
  retry: RetryRule[];
  catch: CatchRule[];
}

export interface PassStep extends StepFields {
  type: 'pass';
}

/** A choice branch: its condition already translated to JSONata (reading `$states.input`). */
export interface ChoiceBranch {
  condition?: string;
  steps: Step[];
  goto?: string;
}

export interface ChoiceStep extends StepFields {
  type: 'choice';
  choices: ChoiceBranch[];
  default?: ChoiceBranch;
}

export interface ParallelStep extends StepFields {
  type: 'parallel';
  branches: { steps: Step[] }[];
}

export interface IterationMapping {
  collection: MappingSource;
  item: string;
  index?: string;
}

export interface ForeachStep extends StepFields {
  type: 'foreach';
  iterationMapping: IterationMapping;
  steps: Step[];
}

/** A constant, or a path into the step's input. */
export type WaitValue<T> = { kind: 'constant'; value: T } | { kind: 'path'; source: MappingSource };

export interface WaitStep extends StepFields {
  type: 'wait';
  duration?: WaitValue<number>;
  timestamp?: WaitValue<string>;
}

export interface SucceedStep extends StepFields {
  type: 'succeed';
}

export interface FailStep extends StepFields {
  type: 'fail';
  error?: string;
  cause?: string;
}

export type Step = TaskStep | PassStep | ChoiceStep | ParallelStep | ForeachStep | WaitStep | SucceedStep | FailStep;

/** A checked flow definition (`version: v1`, `type: flow`). */
export interface FlowDefinition {
  version: 'v1' | 'v1beta1';
  steps: Step[];
  inputMappings?: Mapping[];
  outputMappings?: Mapping[];
  timeoutSeconds?: number;
}
