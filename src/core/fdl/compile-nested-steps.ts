import type { ScopeDefinition, StateDefinition } from '../definition/asl-types.js';
import {
  exitTo,
  expression,
  leaveFields,
  openScopeFields,
  stateName,
  stepComment,
  transitionFields,
  type NameAllocator,
  type StepCompiler,
} from './compile-context.js';
import { compileSequence } from './compile-sequence.js';
import { metadataComment, type FlowMetadata } from './flow-metadata.js';
import type { ForeachStep, ParallelStep, Step } from './flow-types.js';
import { literal, mappingsExpression, sourceExpression } from './source-expression.js';

/** Up to 100 iterations of a foreach run at once. */
const MAX_CONCURRENT_ITERATIONS = 100;

/**
 * A branch or an iteration: a scope of its own, opened by a state that sets its `$input` (the scope's
 * ASL input) and an empty `$local`; it ends with its `$local` as its result.
 */
function compileScope(names: NameAllocator, prefix: string, steps: Step[], start: FlowMetadata): ScopeDefinition {
  const variables = names.variables();
  const states: Record<string, StateDefinition> = {};
  const { context, first } = compileSequence({
    names,
    states,
    variables,
    prefix,
    steps,
    finish: { output: `$${variables.local}` },
  });
  const enter = exitTo(context, first);
  const startName = names.state(`${prefix}~start`);
  const opening = {
    Type: 'Pass',
    Comment: metadataComment(start),
    ...openScopeFields(variables, '$states.input', enter),
    ...transitionFields(enter),
  };
  return { StartAt: startName, States: { [startName]: opening as StateDefinition, ...states } };
}

/** Output of a parallel or foreach step: its outputMappings over `$local` (the array of results), else `{}`. */
function collectedOutput(step: Step): string {
  return step.outputMappings
    ? mappingsExpression(step.outputMappings, { input: '$states.input', local: '$states.result' })
    : '{}';
}

/** parallel: a Parallel state; each branch's result is its `$local`; the step's `$local` is their array. */
export const compileParallelStep: StepCompiler<ParallelStep> = (context, step, next) => {
  const exit = exitTo(context, next);
  const name = stateName(context, step);
  const branches = step.branches.map((branch, index) =>
    compileScope(context.names, `${name}/${index}/`, branch.steps, { fdl: 'branch-start', name: step.name, index }),
  );
  context.states[name] = {
    Type: 'Parallel',
    Comment: stepComment(step),
    Branches: branches,
    ...leaveFields(context, collectedOutput(step), exit),
    ...transitionFields(exit),
  } as never;
};

function itemSelector(step: ForeachStep): string {
  const { item, index } = step.iterationMapping;
  const fields = [`${literal(item)}: $states.context.Map.Item.Value`];
  if (index !== undefined) fields.push(`${literal(index)}: $states.context.Map.Item.Index`);
  return expression(`$merge([$states.input, {${fields.join(', ')}}])`);
}

/** foreach: a Map state over the collection; each iteration's input is the step's input plus item (and index). */
export const compileForeachStep: StepCompiler<ForeachStep> = (context, step, next) => {
  const exit = exitTo(context, next);
  const name = stateName(context, step);
  const processor = compileScope(context.names, `${name}/`, step.steps, { fdl: 'iteration-start', name: step.name });
  const items = sourceExpression(step.iterationMapping.collection, { input: '$states.input', local: '{}' });
  context.states[name] = {
    Type: 'Map',
    Comment: stepComment(step),
    Items: expression(items),
    ItemSelector: itemSelector(step),
    MaxConcurrency: MAX_CONCURRENT_ITERATIONS,
    ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, ...processor },
    ...leaveFields(context, collectedOutput(step), exit),
    ...transitionFields(exit),
  } as never;
};
