import type { StateDefinition, StateMachineDefinition } from '../definition/asl-types.js';
import { exitTo, NameAllocator, openScopeFields, transitionFields } from './compile-context.js';
import { compileSequence } from './compile-sequence.js';
import { metadataComment } from './flow-metadata.js';
import type { FlowDefinition } from './flow-types.js';
import { mappingsExpression } from './source-expression.js';

/**
 * Compiles a checked flow into a JSONata state machine that the interpreter runs as it runs any other.
 * Each scope of the flow (the flow, a parallel branch, a foreach iteration, a choice branch) keeps its
 * `$input` and `$local` in variables; each state's ASL input is its step's input; each step's output is
 * merged into its scope's `$local` when its state exits (Assign), and the next step's input is computed
 * from it (Output). Every state carries its step in its Comment (flow-metadata.ts).
 */
export function compileFlow(flow: FlowDefinition): StateMachineDefinition {
  const names = new NameAllocator();
  const startName = names.state('~start');
  const variables = names.variables();
  const states: Record<string, StateDefinition> = {};
  const roots = { input: `$${variables.input}`, local: `$${variables.local}` };
  const output = flow.outputMappings ? mappingsExpression(flow.outputMappings, roots) : `$${variables.local}`;
  const { context, first } = compileSequence({
    names,
    states,
    variables,
    prefix: '',
    steps: flow.steps,
    finish: { output },
  });
  const enter = exitTo(context, first);
  const input = flow.inputMappings
    ? mappingsExpression(flow.inputMappings, { input: '$states.input', local: '{}' })
    : '$states.input';
  const start = {
    Type: 'Pass',
    Comment: metadataComment({ fdl: 'flow-start' }),
    ...openScopeFields(variables, input, enter),
    ...transitionFields(enter),
  };
  return {
    Comment: metadataComment({ fdl: 'flow', version: flow.version }),
    QueryLanguage: 'JSONata',
    StartAt: startName,
    States: { [startName]: start as StateDefinition, ...states },
    ...(flow.timeoutSeconds !== undefined ? { TimeoutSeconds: flow.timeoutSeconds } : {}),
  };
}
