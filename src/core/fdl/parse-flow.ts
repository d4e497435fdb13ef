import type { DefinitionProblem } from '../states-error.js';
import { checkChoiceStep } from './check-choice-step.js';
import { checkMappings } from './check-mappings.js';
import { checkForeachStep, checkParallelStep } from './check-nested-steps.js';
import { checkFailStep, checkPassStep, checkSucceedStep, checkWaitStep } from './check-simple-steps.js';
import { checkStepList, type StepChecker } from './check-steps.js';
import { checkTaskStep } from './check-task-step.js';
import { FlowChecker, located, type Checked } from './flow-checker.js';
import type { FlowDefinition, StepType } from './flow-types.js';
import { parseYamlTree } from './yaml-tree.js';

const STEP_CHECKERS: Readonly<Record<StepType, StepChecker>> = {
  task: checkTaskStep,
  pass: checkPassStep,
  choice: checkChoiceStep,
  parallel: checkParallelStep,
  foreach: checkForeachStep,
  wait: checkWaitStep,
  succeed: checkSucceedStep,
  fail: checkFailStep,
};
const FLOW_FIELDS = ['version', 'type', 'steps', 'inputMappings', 'outputMappings', 'timeoutSeconds'];
const VERSIONS = ['v1', 'v1beta1'] as const;

export interface ParsedFlow {
  /** Present only when the flow has no problem. */
  flow?: FlowDefinition;
  problems: DefinitionProblem[];
}

function checkHeader(checker: FlowChecker, root: Checked): FlowDefinition['version'] | undefined {
  const versionNode = checker.required(root, 'version', 'a flow');
  const version = checker.string(versionNode, 'version');
  if (versionNode && version !== undefined && !VERSIONS.includes(version as FlowDefinition['version'])) {
    checker.report(versionNode.path, versionNode.value.position, `version must be v1 or v1beta1, not '${version}'`);
  }
  const typeNode = checker.required(root, 'type', 'a flow');
  const type = checker.string(typeNode, 'type');
  if (typeNode && type !== undefined && type !== 'flow') {
    checker.report(typeNode.path, typeNode.value.position, `type must be flow, not '${type}'`);
  }
  return VERSIONS.find((known) => known === version);
}

/**
 * Reads and checks a flow definition (Serverless Workflow FDL, YAML or JSON): every problem is reported at
 * once, each with its JSON path, line and column.
 */
export function parseFlow(text: string): ParsedFlow {
  const tree = parseYamlTree(text);
  const problems = tree.problems.map((problem) => ({ path: '$', message: located(problem.message, problem.position) }));
  if (!tree.root) return { problems };
  const checker = new FlowChecker();
  checker.problems.push(...problems);
  const root: Checked = { value: tree.root, path: '$' };
  const map = checker.map(root, 'a flow');
  if (!map) return { problems: checker.problems };
  checker.fields(root, map, FLOW_FIELDS, 'a flow');
  const version = checkHeader(checker, root);
  const stepsNode = checker.required(root, 'steps', 'a flow');
  const steps = checkStepList(checker, stepsNode, 'steps', STEP_CHECKERS);
  if (stepsNode?.value.kind === 'seq' && stepsNode.value.items.length === 0) {
    checker.report(stepsNode.path, stepsNode.value.position, 'a flow needs at least one step');
  }
  const inputMappings = checkMappings(checker, checker.field(root, 'inputMappings'), 'flowInputMappings');
  const outputMappings = checkMappings(checker, checker.field(root, 'outputMappings'), 'outputMappings');
  const timeoutSeconds = checker.number(checker.field(root, 'timeoutSeconds'), 'timeoutSeconds', {
    min: 1,
    max: 99_999_999,
    integer: true,
  });
  if (checker.problems.length > 0 || version === undefined) return { problems: checker.problems };
  const flow: FlowDefinition = {
    version,
    steps,
    ...(inputMappings ? { inputMappings } : {}),
    ...(outputMappings ? { outputMappings } : {}),
    ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
  };
  return { flow, problems: [] };
}
