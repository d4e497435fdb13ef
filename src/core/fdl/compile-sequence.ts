import type { StateDefinition } from '../definition/asl-types.js';
import type { Exit, NameAllocator, ScopeVariables, SequenceContext } from './compile-context.js';
import { compileStep } from './compile-steps.js';
import type { Step } from './flow-types.js';

/** The step that follows `step` in its list when nothing jumps: undefined means the end of the list. */
export function naturalNext(steps: readonly Step[], step: Step): Step | undefined {
  if (step.end || step.type === 'succeed') return undefined;
  return steps[steps.indexOf(step) + 1];
}

function successors(steps: readonly Step[], step: Step): (Step | undefined)[] {
  const byName = (name: string): Step | undefined => steps.find((candidate) => candidate.name === name);
  if (step.type === 'fail') return [];
  const found: (Step | undefined)[] = [naturalNext(steps, step)];
  if (step.type === 'task') found.push(...step.catch.map((rule) => byName(rule.goto)));
  if (step.type === 'choice') {
    for (const branch of [...step.choices, ...(step.default ? [step.default] : [])]) {
      if (branch.goto !== undefined) found.push(byName(branch.goto));
    }
  }
  return found;
}

/** The steps control can reach from the first one (others are left out of the machine). */
export function reachableSteps(steps: readonly Step[]): Step[] {
  const reached = new Set<Step>();
  const pending = steps.slice(0, 1);
  for (let step = pending.pop(); step; step = pending.pop()) {
    if (reached.has(step)) continue;
    reached.add(step);
    for (const next of successors(steps, step)) if (next && !reached.has(next)) pending.push(next);
  }
  return steps.filter((step) => reached.has(step));
}

export interface SequenceRequest {
  names: NameAllocator;
  states: Record<string, StateDefinition>;
  variables: ScopeVariables;
  prefix: string;
  steps: Step[];
  finish: Exit;
}

/** Compiles a list of steps into `states`; returns how to enter its first step (or its end, when empty). */
export function compileSequence(request: SequenceRequest): { context: SequenceContext; first: Step | undefined } {
  const steps = reachableSteps(request.steps);
  const stateNames = new Map(steps.map((step) => [step.name, request.names.state(`${request.prefix}${step.name}`)]));
  const context: SequenceContext = { ...request, stateNames };
  for (const step of steps) compileStep(context, step, naturalNext(request.steps, step));
  return { context, first: steps[0] };
}
