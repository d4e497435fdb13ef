import type { StateDefinition } from '../definition/asl-types.js';
import type { JsonObject } from '../json.js';
import { metadataComment } from './flow-metadata.js';
import type { Step } from './flow-types.js';
import { mappingsExpression, readsTaskToken, type MappingRoots } from './source-expression.js';

/** The variables of one scope of the flow: its `$input`, its `$local`, and the output of its last step. */
export interface ScopeVariables {
  input: string;
  local: string;
  output: string;
}

/** Where control goes next: a state (with the input it gets), or the end of the ASL scope. */
export interface Exit {
  /** JSONata (without delimiters) for the next state's input, reading the scope's variables. */
  output: string;
  next?: string;
}

/** Allocates state and variable names that are unique in the whole machine. */
export class NameAllocator {
  private readonly used = new Set<string>();
  private counter = 0;

  state(desired: string): string {
    if (desired.length <= 80 && !this.used.has(desired)) {
      this.used.add(desired);
      return desired;
    }
    const short = `~${++this.counter}-${desired.slice(-60).replace(/^[^A-Za-z0-9_]+/, '')}`;
    this.used.add(short);
    return short;
  }

  variables(): ScopeVariables {
    const prefix = `fdl${++this.counter}`;
    return { input: `${prefix}_input`, local: `${prefix}_local`, output: `${prefix}_output` };
  }
}

/** One list of steps being compiled into a States map. */
export interface SequenceContext {
  names: NameAllocator;
  states: Record<string, StateDefinition>;
  variables: ScopeVariables;
  /** ASL state name of each (reachable) step of the list. */
  stateNames: Map<string, string>;
  /** ASL name prefix for nested steps, e.g. `Parallel/0/`. */
  prefix: string;
  steps: Step[];
  /** What ends the list: the flow's output, a branch's `$local`, or a choice's exit state. */
  finish: Exit;
}

export function expression(body: string): string {
  return `{% ${body} %}`;
}

function roots(variables: ScopeVariables): MappingRoots {
  return { input: `$${variables.input}`, local: `$${variables.local}` };
}

/** A step's input: its inputMappings over the parent's `$input`/`$local`, else their merge (`$local` wins). */
export function stepInputExpression(step: Step, variables: ScopeVariables): string {
  const mappings = step.inputMappings?.filter((mapping) => !readsTaskToken(mapping.source));
  if (step.inputMappings) return mappingsExpression(mappings ?? [], roots(variables));
  return `$merge([$${variables.input}, $${variables.local}])`;
}

/** How control enters `target` (a step of the list) or leaves the list (`undefined`). */
export function exitTo(context: SequenceContext, target: Step | undefined): Exit {
  if (!target) return context.finish;
  const next = context.stateNames.get(target.name);
  return { output: stepInputExpression(target, context.variables), ...(next !== undefined ? { next } : {}) };
}

/** Next/End of a state leaving through `exit`. */
export function transitionFields(exit: Exit): JsonObject {
  return exit.next !== undefined ? { Next: exit.next } : { End: true };
}

const AS_OBJECT = "$o := $type($o) = 'object' ? $o : {}";

/**
 * The fields of a state whose step ends with output `output` (JSONata reading `$states`): the step's
 * output is merged into the scope's `$local` (later keys win), and the next state gets its input.
 */
export function leaveFields(context: SequenceContext, output: string, exit: Exit): JsonObject {
  const { local, output: last } = context.variables;
  const block = (tail: string): string =>
    expression(`( $o := (${output}); ${AS_OBJECT}; $${local} := $merge([$${local}, $o]); ${tail} )`);
  return {
    Assign: { [local]: block(`$${local}`), [last]: block('$o') },
    Output: block(exit.output),
  };
}

/** The fields of a state that opens a scope: sets its `$input` (from `input`) and an empty `$local`. */
export function openScopeFields(variables: ScopeVariables, input: string, exit: Exit): JsonObject {
  const bind = `$${variables.input} := (${input}); $${variables.input} := $type($${variables.input}) = 'object' ? $${variables.input} : {}; $${variables.local} := {}`;
  return {
    Assign: { [variables.input]: expression(`( ${bind}; $${variables.input} )`), [variables.local]: {} },
    Output: expression(`( ${bind}; ${exit.output} )`),
  };
}

/** Compiles one step (and any states it needs) into the context's States map. */
export type StepCompiler<S extends Step = Step> = (context: SequenceContext, step: S, next: Step | undefined) => void;

export function stepComment(step: Step): string {
  return metadataComment({ fdl: 'step', type: step.type, name: step.name });
}

export function stateName(context: SequenceContext, step: Step): string {
  const name = context.stateNames.get(step.name);
  if (name === undefined) throw new Error(`step '${step.name}' has no state`);
  return name;
}
