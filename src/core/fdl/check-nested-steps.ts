import type { ForeachStep, IterationMapping, ParallelStep, Step } from './flow-types.js';
import { parsePath } from './mapping-source.js';
import { COMMON_FIELDS, type StepCheck } from './check-steps.js';

const MAX_BRANCHES = 100;
const KEY = /^[^\s.[\]]+$/;

/** parallel: `branches`, each `{steps}`, at most 100. */
export function checkParallelStep(check: StepCheck): ParallelStep | undefined {
  const { checker, node } = check;
  const map = checker.map(node, 'a step');
  if (map) checker.fields(node, map, [...COMMON_FIELDS, 'branches'], 'a parallel step');
  const branchesNode = checker.required(node, 'branches', 'a parallel step');
  if (!branchesNode) return undefined;
  const entries = checker.items(branchesNode, 'branches');
  if (branchesNode.value.kind === 'seq' && (entries.length === 0 || entries.length > MAX_BRANCHES)) {
    checker.report(
      branchesNode.path,
      branchesNode.value.position,
      `a parallel step needs 1 to ${MAX_BRANCHES} branches`,
    );
  }
  const branches = entries.map((entry) => {
    const branchMap = checker.map(entry, 'a branch');
    if (branchMap) checker.fields(entry, branchMap, ['steps'], 'a branch');
    return { steps: check.steps(checker.required(entry, 'steps', 'a branch'), 'steps') };
  });
  return { ...check.common, type: 'parallel', branches };
}

function checkKey(
  check: StepCheck,
  key: 'item' | 'index',
  node: ReturnType<StepCheck['checker']['field']>,
): string | undefined {
  const value = check.checker.string(node, key);
  if (node && value !== undefined && !KEY.test(value)) {
    check.checker.report(node.path, node.value.position, `${key} '${value}' must be a plain key`);
    return undefined;
  }
  return value;
}

function checkIterationMapping(check: StepCheck): IterationMapping | undefined {
  const { checker } = check;
  const node = checker.required(check.node, 'iterationMapping', 'a foreach step');
  if (!node || !checker.map(node, 'iterationMapping')) return undefined;
  const map = checker.map(node, 'iterationMapping');
  if (map) checker.fields(node, map, ['collection', 'item', 'index'], 'iterationMapping');
  const collectionNode = checker.required(node, 'collection', 'iterationMapping');
  const text = checker.string(collectionNode, 'collection');
  const parsed = text === undefined ? undefined : parsePath(text);
  if (collectionNode && parsed && (!parsed.ok || parsed.source.kind !== 'path' || parsed.source.root === 'context')) {
    const why = parsed.ok ? 'collection reads the step input: $.name or $input.name' : parsed.problem;
    checker.report(collectionNode.path, collectionNode.value.position, why);
  }
  const item = checkKey(check, 'item', checker.required(node, 'item', 'iterationMapping'));
  const index = checkKey(check, 'index', checker.field(node, 'index'));
  if (!parsed?.ok || parsed.source.kind !== 'path' || parsed.source.root === 'context' || item === undefined) {
    return undefined;
  }
  return { collection: parsed.source, item, ...(index !== undefined ? { index } : {}) };
}

/** foreach: `iterationMapping` (collection, item, index) and the `steps` each iteration runs. */
export function checkForeachStep(check: StepCheck): ForeachStep | undefined {
  const { checker, node } = check;
  const map = checker.map(node, 'a step');
  if (map) checker.fields(node, map, [...COMMON_FIELDS, 'iterationMapping', 'steps'], 'a foreach step');
  const iterationMapping = checkIterationMapping(check);
  const steps: Step[] = check.steps(checker.required(node, 'steps', 'a foreach step'), 'steps');
  return iterationMapping ? { ...check.common, type: 'foreach', iterationMapping, steps } : undefined;
}
