import type { StateDefinition } from '../definition/asl-types.js';
import type { Json } from '../json.js';
import { compileChoiceStep } from './compile-choice-step.js';
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
import { compileForeachStep, compileParallelStep } from './compile-nested-steps.js';
import { compileTaskStep } from './compile-task-step.js';
import type { Step, StepType, WaitValue } from './flow-types.js';
import { mappingsExpression, sourceExpression } from './source-expression.js';

/** A step's output when it has no data of its own ($local is `{}`): its outputMappings, else `{}`. */
function plainOutput(step: Step): string {
  return step.outputMappings ? mappingsExpression(step.outputMappings, { input: '$states.input', local: '{}' }) : '{}';
}

function add(context: SequenceContext, step: Step, state: Record<string, Json>): void {
  context.states[stateName(context, step)] = state as unknown as StateDefinition;
}

const compilePass: StepCompiler = (context, step, next) => {
  const exit = exitTo(context, next);
  add(context, step, {
    Type: 'Pass',
    Comment: stepComment(step),
    ...leaveFields(context, plainOutput(step), exit),
    ...transitionFields(exit),
  });
};

/** `succeed` ends its list: a Pass to the list's end (a Succeed state would end every enclosing list too). */
const compileSucceed: StepCompiler = (context, step) => compilePass(context, step, undefined);

const compileFail: StepCompiler = (context, step) => {
  if (step.type !== 'fail') return;
  add(context, step, {
    Type: 'Fail',
    Comment: stepComment(step),
    ...(step.error !== undefined ? { Error: step.error } : {}),
    ...(step.cause !== undefined ? { Cause: step.cause } : {}),
  });
};

function waitValue<T extends Json>(value: WaitValue<T>): Json {
  if (value.kind === 'constant') return value.value;
  return expression(sourceExpression(value.source, { input: '$states.input', local: '{}' }));
}

const compileWait: StepCompiler = (context, step, next) => {
  if (step.type !== 'wait') return;
  const exit = exitTo(context, next);
  add(context, step, {
    Type: 'Wait',
    Comment: stepComment(step),
    ...(step.duration ? { Seconds: waitValue(step.duration) } : {}),
    ...(step.timestamp ? { Timestamp: waitValue(step.timestamp) } : {}),
    ...leaveFields(context, plainOutput(step), exit),
    ...transitionFields(exit),
  });
};

/** Built on first use: the choice, parallel and foreach compilers import this module back (they nest lists). */
let compilers: Readonly<Record<StepType, StepCompiler>> | undefined;

export function compileStep(context: SequenceContext, step: Step, next: Step | undefined): void {
  compilers ??= {
    task: compileTaskStep as StepCompiler,
    pass: compilePass,
    succeed: compileSucceed,
    fail: compileFail,
    wait: compileWait,
    choice: compileChoiceStep as StepCompiler,
    parallel: compileParallelStep as StepCompiler,
    foreach: compileForeachStep as StepCompiler,
  };
  compilers[step.type](context, step, next);
}
