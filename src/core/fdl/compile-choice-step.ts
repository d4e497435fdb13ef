import type { Json } from '../json.js';
import {
  exitTo,
  expression,
  leaveFields,
  openScopeFields,
  stateName,
  stepComment,
  transitionFields,
  type SequenceContext,
  type StepCompiler,
} from './compile-context.js';
import { compileSequence } from './compile-sequence.js';
import { metadataComment } from './flow-metadata.js';
import type { ChoiceBranch, ChoiceStep, Step } from './flow-types.js';
import { mappingsExpression } from './source-expression.js';

interface BranchEntry {
  Next: string;
  Assign: Json;
  Output: Json;
}

/**
 * One branch of a choice: its steps are a scope of their own (their `$input` is the choice's input),
 * compiled into the enclosing States map, and end at the branch's exit state. The exit state ends the
 * choice step: its `$local` is the branch's, its output is merged into the enclosing `$local`, and
 * control goes to the branch's goto, else to the step after the choice.
 */
function compileBranch(
  context: SequenceContext,
  step: ChoiceStep,
  branch: ChoiceBranch,
  label: string,
  next: Step | undefined,
): BranchEntry {
  const choiceName = stateName(context, step);
  const variables = context.names.variables();
  const exitName = context.names.state(`${choiceName}/${label}/~exit`);
  const target = branch.goto === undefined ? next : context.steps.find((candidate) => candidate.name === branch.goto);
  const after = exitTo(context, target);
  const output = step.outputMappings
    ? mappingsExpression(step.outputMappings, { input: `$${variables.input}`, local: '$states.input' })
    : '$states.input';
  context.states[exitName] = {
    Type: 'Pass',
    Comment: metadataComment({ fdl: 'choice-exit', name: step.name, state: choiceName }),
    ...leaveFields(context, output, after),
    ...transitionFields(after),
  } as never;
  const { context: inner, first } = compileSequence({
    names: context.names,
    states: context.states,
    variables,
    prefix: `${choiceName}/${label}/`,
    steps: branch.steps,
    finish: { output: `$${variables.local}`, next: exitName },
  });
  const enter = exitTo(inner, first);
  const { Assign, Output } = openScopeFields(variables, '$states.input', enter) as { Assign: Json; Output: Json };
  return { Next: enter.next ?? exitName, Assign, Output };
}

/** choice: a Choice state whose rules open the branch they pick (no default: an empty branch, on to the next step). */
export const compileChoiceStep: StepCompiler<ChoiceStep> = (context, step, next) => {
  const rules = step.choices.map((branch, index) => {
    const entry = compileBranch(context, step, branch, String(index), next);
    const condition = `($c := (${branch.condition ?? 'false'}); $exists($c) ? $boolean($c) : false)`;
    return { Condition: expression(condition), ...entry };
  });
  const fallback = compileBranch(context, step, step.default ?? { steps: [] }, 'default', next);
  context.states[stateName(context, step)] = {
    Type: 'Choice',
    Comment: stepComment(step),
    Choices: rules,
    Default: fallback.Next,
    Assign: fallback.Assign,
    Output: fallback.Output,
  } as never;
};
