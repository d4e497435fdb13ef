import type { Mapping, MappingSource } from './flow-types.js';
import type { Checked, FlowChecker } from './flow-checker.js';
import { parseMappingSource } from './mapping-source.js';

const MAPPING_FIELDS = ['target', 'source'];
const TARGET = /^[^\s.[\]]+$/;

/** Where a mapping list is evaluated, which limits its sources. */
export type MappingKind = 'inputMappings' | 'outputMappings' | 'errorMappings' | 'flowInputMappings';

function sourceProblem(source: MappingSource, kind: MappingKind): string | undefined {
  if (source.kind !== 'path') return undefined;
  if (kind === 'errorMappings' && source.root === 'local') {
    const first = source.segments[0];
    const name = first?.kind === 'field' ? first.name : '';
    if (source.segments.length !== 1 || (name !== 'error' && name !== 'cause')) {
      return 'errorMappings read only $local.error and $local.cause (or $input paths and constants)';
    }
  }
  if (kind === 'flowInputMappings' && source.root === 'local') return 'the flow has no $local before its steps run';
  if (source.root === 'context' && kind !== 'inputMappings') {
    const first = source.segments[0];
    if (first?.kind === 'field' && first.name === 'task')
      return "$context.task is only known in a task step's inputMappings";
  }
  return undefined;
}

function checkMapping(checker: FlowChecker, node: Checked, kind: MappingKind): Mapping | undefined {
  const map = checker.map(node, 'a mapping');
  if (!map) return undefined;
  checker.fields(node, map, MAPPING_FIELDS, 'a mapping');
  const targetNode = checker.required(node, 'target', 'a mapping');
  const target = checker.string(targetNode, 'target');
  if (targetNode && target !== undefined && !TARGET.test(target)) {
    checker.report(
      targetNode.path,
      targetNode.value.position,
      `target '${target}' must be a plain key (no spaces, dots or brackets)`,
    );
  }
  const sourceNode = checker.required(node, 'source', 'a mapping');
  if (!sourceNode) return undefined;
  const parsed = parseMappingSource(checker.json(sourceNode));
  if (!parsed.ok) {
    checker.report(sourceNode.path, sourceNode.value.position, parsed.problem);
    return undefined;
  }
  const problem = sourceProblem(parsed.source, kind);
  if (problem !== undefined) checker.report(sourceNode.path, sourceNode.value.position, problem);
  return target === undefined || problem !== undefined ? undefined : { target, source: parsed.source };
}

/** A list of `{target, source}` mappings; undefined when absent. */
export function checkMappings(
  checker: FlowChecker,
  node: Checked | undefined,
  kind: MappingKind,
): Mapping[] | undefined {
  if (!node) return undefined;
  const mappings: Mapping[] = [];
  for (const item of checker.items(node, kind === 'flowInputMappings' ? 'inputMappings' : kind)) {
    const mapping = checkMapping(checker, item, kind);
    if (mapping) mappings.push(mapping);
  }
  return mappings;
}
