import { checkAssign } from './assign-checks.js';
import { checkString, has, report } from './field-checks.js';
import { checkJsonataStrings } from './jsonata-checks.js';
import { checkPathField, checkResultPath } from './path-checks.js';
import { checkPayloadTemplate } from './payload-template-checks.js';
import { childPath } from './problem-list.js';
import type { StateType } from './asl-types.js';
import type { StateInput } from './validation-context.js';

/** States that move on with Next or stop with End: true (Choice, Succeed and Fail do neither). */
const FLOW_STATES: ReadonlySet<StateType> = new Set(['Task', 'Pass', 'Wait', 'Parallel', 'Map']);

/** The fields whose values may hold `{% %}` expressions in a JSONata state (Assign is checked on its own). */
const JSONATA_FIELDS = [
  'Arguments',
  'Output',
  'Items',
  'ItemSelector',
  'MaxConcurrency',
  'ToleratedFailurePercentage',
  'ToleratedFailureCount',
  'TimeoutSeconds',
  'HeartbeatSeconds',
  'Credentials',
  'Seconds',
  'Timestamp',
  'Error',
  'Cause',
];

function checkNextOrEnd(input: StateInput): void {
  if (!FLOW_STATES.has(input.type)) {
    return;
  }
  const hasNext = has(input, 'Next');
  const hasEnd = has(input, 'End');
  if (hasNext && hasEnd) {
    input.ctx.problems.add(input.path, `a ${input.type} state cannot have both Next and End`);
  } else if (!hasNext && !hasEnd) {
    input.ctx.problems.add(input.path, `a ${input.type} state needs either Next or End: true`);
  }
  checkString(input, 'Next');
  if (hasEnd && input.node.End !== true) {
    report(input, 'End', 'End must be true (leave it out to continue with Next)');
  }
}

function checkJsonataFields(input: StateInput): void {
  for (const field of JSONATA_FIELDS) {
    if (has(input, field)) {
      checkJsonataStrings(input.ctx.problems, childPath(input.path, field), input.node[field]);
    }
  }
}

function checkJsonPathFields(input: StateInput): void {
  checkPathField(input, 'InputPath', { kind: 'path', nullable: true });
  checkPathField(input, 'OutputPath', { kind: 'path', nullable: true });
  checkResultPath(input);
  for (const field of ['Parameters', 'ResultSelector', 'ItemSelector', 'Credentials']) {
    if (has(input, field)) {
      checkPayloadTemplate(input.ctx.problems, childPath(input.path, field), input.node[field]);
    }
  }
}

/** Comment, Next/End, Assign, and the I/O fields of the state's query language. */
export function checkCommonFields(input: StateInput): void {
  checkString(input, 'Comment');
  checkNextOrEnd(input);
  checkAssign(input);
  if (input.language === 'JSONata') {
    checkJsonataFields(input);
  } else {
    checkJsonPathFields(input);
  }
}
