import type { Step, StepType } from './flow-types.js';
import type { Checked, FlowChecker } from './flow-checker.js';
import { checkMappings } from './check-mappings.js';
import type { Position } from './yaml-tree.js';

/** A `goto` found in a step list, checked against the list's step names once the list is read. */
export interface GotoReference {
  target: string;
  path: string;
  position: Position;
}

/** What a step-type check gets: the step's node and fields common to every step. */
export interface StepCheck {
  checker: FlowChecker;
  node: Checked;
  common: Pick<Step, 'name' | 'end' | 'inputMappings' | 'outputMappings'>;
  gotos: GotoReference[];
  /** Checks a nested step list (choice branches, parallel branches, foreach). */
  steps: (node: Checked | undefined, what: string) => Step[];
}

export type StepChecker = (check: StepCheck) => Step | undefined;

const NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,127}$/;
export const COMMON_FIELDS = ['type', 'name', 'end', 'inputMappings', 'outputMappings'];

function checkName(checker: FlowChecker, node: Checked): string | undefined {
  const nameNode = checker.required(node, 'name', 'a step');
  const name = checker.string(nameNode, 'name');
  if (nameNode && name !== undefined && !NAME.test(name)) {
    checker.report(
      nameNode.path,
      nameNode.value.position,
      `step name '${name}' must be 1 to 128 characters: a letter or _, then letters, digits, _ or -`,
    );
    return undefined;
  }
  return name;
}

function checkStep(
  checker: FlowChecker,
  node: Checked,
  gotos: GotoReference[],
  table: Readonly<Record<StepType, StepChecker>>,
): Step | undefined {
  if (!checker.map(node, 'a step')) return undefined;
  const typeNode = checker.required(node, 'type', 'a step');
  const type = checker.string(typeNode, 'type');
  const name = checkName(checker, node);
  const end = checker.boolean(checker.field(node, 'end'), 'end') ?? false;
  const inputMappings = checkMappings(checker, checker.field(node, 'inputMappings'), 'inputMappings');
  const outputMappings = checkMappings(checker, checker.field(node, 'outputMappings'), 'outputMappings');
  if (typeNode && type !== undefined && !Object.prototype.hasOwnProperty.call(table, type)) {
    const known = Object.keys(table).join(', ');
    checker.report(typeNode.path, typeNode.value.position, `unknown step type '${type}' (expected one of ${known})`);
    return undefined;
  }
  if (type === undefined) return undefined;
  const common = {
    name: name ?? '',
    end,
    ...(inputMappings ? { inputMappings } : {}),
    ...(outputMappings ? { outputMappings } : {}),
  };
  const steps = (list: Checked | undefined, what: string): Step[] => checkStepList(checker, list, what, table);
  const step = table[type as StepType]({ checker, node, common, gotos, steps });
  return name === undefined ? undefined : step;
}

function checkSiblings(
  checker: FlowChecker,
  items: Checked[],
  steps: (Step | undefined)[],
  gotos: GotoReference[],
): void {
  const names = new Set<string>();
  steps.forEach((step, index) => {
    if (!step) return;
    const item = items[index];
    if (names.has(step.name) && item) {
      const nameNode = checker.field(item, 'name');
      checker.report(
        nameNode?.path ?? item.path,
        (nameNode ?? item).value.position,
        `step name '${step.name}' is used twice in this list`,
      );
    }
    names.add(step.name);
  });
  const complete = steps.every((step) => step !== undefined);
  for (const reference of gotos) {
    if (complete && !names.has(reference.target)) {
      checker.report(
        reference.path,
        reference.position,
        `goto '${reference.target}' does not name a step of the same list (goto reaches sibling steps only)`,
      );
    }
  }
}

/** Checks a list of steps: each step, unique names among siblings, and that every goto names a sibling. */
export function checkStepList(
  checker: FlowChecker,
  node: Checked | undefined,
  what: string,
  table: Readonly<Record<StepType, StepChecker>>,
): Step[] {
  if (!node) return [];
  const items = checker.items(node, what);
  const gotos: GotoReference[] = [];
  const steps = items.map((item) => checkStep(checker, item, gotos, table));
  checkSiblings(checker, items, steps, gotos);
  return steps.filter((step): step is Step => step !== undefined);
}
