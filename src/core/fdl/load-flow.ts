import type { StateMachineDefinition } from '../definition/asl-types.js';
import { validateDefinition } from '../definition/validate-definition.js';
import type { DefinitionProblem } from '../states-error.js';
import { compileFlow } from './compile-flow.js';
import { parseFlow } from './parse-flow.js';

/** A top-level `type: flow` line (YAML) or `"type": "flow"` member (JSON) marks a flow definition. */
const YAML_FLOW_HEADER = /^type[ \t]*:[ \t]*["']?flow["']?[ \t]*(#.*)?$/m;
const JSON_FLOW_HEADER = /^\s*\{[\s\S]*"type"\s*:\s*"flow"/;

/** Whether a definition text is a flow (Serverless Workflow FDL) rather than Amazon States Language. */
export function isFlowText(text: string): boolean {
  const body = text.replace(/^\uFEFF/, '');
  if (YAML_FLOW_HEADER.test(body)) return true;
  return JSON_FLOW_HEADER.test(body) && !/"States"\s*:/.test(body);
}

export interface CompiledFlow {
  /** The state machine the flow compiles to; absent when the flow has problems. */
  definition?: StateMachineDefinition;
  problems: DefinitionProblem[];
}

/** Reads, checks and compiles a flow text; problems carry the flow's JSON paths, lines and columns. */
export function compileFlowText(text: string): CompiledFlow {
  const parsed = parseFlow(text);
  if (!parsed.flow) return { problems: parsed.problems };
  const definition = compileFlow(parsed.flow);
  // The compiler builds valid machines from checked flows; anything found here is a compiler bug, reported as such.
  const problems = validateDefinition(definition).map((problem) => ({
    path: '$',
    message: `the flow compiles to an invalid state machine (${problem.path}: ${problem.message}) (line 1, column 1)`,
  }));
  return problems.length > 0 ? { problems } : { definition, problems: [] };
}
