import type { Catcher, Retrier } from '../definition/asl-types.js';
import type { Json } from '../json.js';
import {
  exitTo,
  expression,
  leaveFields,
  stateName,
  stepComment,
  transitionFields,
  type SequenceContext,
  type StepCompiler,
} from './compile-context.js';
import type { Mapping, RetryRule, Step, TaskStep } from './flow-types.js';
import { literal, mappingsExpression, readsTaskToken, sourceExpression } from './source-expression.js';

/** The flow's error names the engine knows by their ASL names. */
const ASL_ERROR_NAMES: Readonly<Record<string, string>> = {
  'FnF.ALL': 'States.ALL',
  'FnF.TaskTimeout': 'States.Timeout',
};

export function aslErrorNames(errors: readonly string[]): string[] {
  if (errors.includes('FnF.ALL')) return ['States.ALL'];
  return [...new Set(errors.map((name) => ASL_ERROR_NAMES[name] ?? name))];
}

function retrier(rule: RetryRule): Retrier {
  return {
    ErrorEquals: aslErrorNames(rule.errors),
    ...(rule.intervalSeconds !== undefined ? { IntervalSeconds: rule.intervalSeconds } : {}),
    ...(rule.maxAttempts !== undefined ? { MaxAttempts: rule.maxAttempts } : {}),
    ...(rule.multiplier !== undefined ? { BackoffRate: rule.multiplier } : {}),
    ...(rule.maxIntervalSeconds !== undefined ? { MaxDelaySeconds: rule.maxIntervalSeconds } : {}),
  };
}

/** `$local.error` / `$local.cause` of errorMappings, with ASL's timeout named as the flow names it. */
const ERROR_LOCAL =
  '{"error": ($e := $states.errorOutput.Error; $e = "States.Timeout" ? "FnF.TaskTimeout" : $e), "cause": $states.errorOutput.Cause}';

function errorOutput(step: TaskStep): string {
  if (!step.errorMappings) return '{}';
  return mappingsExpression(step.errorMappings, { input: '$states.input', local: ERROR_LOCAL });
}

function catchers(context: SequenceContext, step: TaskStep): Catcher[] {
  return step.catch.map((rule) => {
    const target = context.steps.find((candidate) => candidate.name === rule.goto) as Step;
    const exit = exitTo(context, target);
    const { Assign, Output } = leaveFields(context, errorOutput(step), exit);
    const catcher: Catcher = { ErrorEquals: aslErrorNames(rule.errors), Next: stateName(context, target) };
    return { ...catcher, Output, Assign };
  });
}

/** Mappings that read `$context.task.*` are evaluated in the task's own Arguments (the token exists only there). */
function tokenArguments(step: TaskStep): Record<string, Json> {
  const token: Mapping[] = (step.inputMappings ?? []).filter((mapping) => readsTaskToken(mapping.source));
  if (token.length === 0) return {};
  const fields = token.map(
    (mapping) => `${literal(mapping.target)}: ${sourceExpression(mapping.source, { input: '{}', local: '{}' })}`,
  );
  return { Arguments: expression(`$merge([$states.input, {${fields.join(', ')}}])`) };
}

/** The registered name of a sub-flow resource `acs:fnf:::flow/<name>`, or undefined for a function. */
function subFlowName(step: TaskStep): string | undefined {
  return /^acs:fnf:[^:]*:[^:]*:flow\/(.+)$/.exec(step.resourceArn)?.[1];
}

function resource(step: TaskStep): string {
  if (subFlowName(step) !== undefined) {
    // A child execution of the state machine registered under the flow's name (see nested executions).
    return step.pattern === 'sync'
      ? 'arn:aws:states:::states:startExecution.sync:2'
      : 'arn:aws:states:::states:startExecution';
  }
  return step.pattern === 'waitForCallback' ? `${step.resourceArn}.waitForTaskToken` : step.resourceArn;
}

/** A sub-flow's Arguments: the child's state machine and the step's input as the child's input. */
function subFlowArguments(step: TaskStep): Record<string, Json> {
  const name = subFlowName(step);
  if (name === undefined) return {};
  return { Arguments: expression(`{"StateMachineArn": ${literal(name)}, "Input": $states.input}`) };
}

/** What the step's `$local` is: the handler's result, or for an awaited sub-flow the child's output. */
function taskResult(step: TaskStep): string {
  return subFlowName(step) !== undefined && step.pattern === 'sync' ? '$states.result.Output' : '$states.result';
}

/** task: a Task state; its `$local` is the handler's result, its default output that `$local`. */
export const compileTaskStep: StepCompiler<TaskStep> = (context, step, next) => {
  const exit = exitTo(context, next);
  const result = taskResult(step);
  const output = step.outputMappings
    ? mappingsExpression(step.outputMappings, { input: '$states.input', local: result })
    : result;
  context.states[stateName(context, step)] = {
    Type: 'Task',
    Comment: stepComment(step),
    Resource: resource(step),
    ...tokenArguments(step),
    ...subFlowArguments(step),
    ...(step.timeoutSeconds !== undefined ? { TimeoutSeconds: step.timeoutSeconds } : {}),
    ...(step.retry.length > 0 ? { Retry: step.retry.map(retrier) } : {}),
    ...(step.catch.length > 0 ? { Catch: catchers(context, step) } : {}),
    ...leaveFields(context, output, exit),
    ...transitionFields(exit),
  } as never;
};
