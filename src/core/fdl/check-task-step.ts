import type { CatchRule, RetryRule, TaskPattern, TaskStep } from './flow-types.js';
import type { Checked } from './flow-checker.js';
import { checkMappings } from './check-mappings.js';
import { COMMON_FIELDS, type StepCheck } from './check-steps.js';

const TASK_FIELDS = [
  ...COMMON_FIELDS,
  'resourceArn',
  'pattern',
  'timeoutSeconds',
  'errorMappings',
  'retry',
  'catch',
  'serviceParams',
];
const RETRY_FIELDS = ['errors', 'intervalSeconds', 'maxIntervalSeconds', 'maxAttempts', 'multiplier'];
const CATCH_FIELDS = ['errors', 'goto'];
const PATTERNS: readonly TaskPattern[] = ['requestResponse', 'sync', 'waitForCallback'];
const MAX_SECONDS = 86_400;
/** `acs:fnf:::flow/<name>`: a sub-flow, started as a child execution of the flow registered as `<name>`. */
const SUB_FLOW = /^acs:fnf:/;
const SUB_FLOW_ARN = /^acs:fnf:[^:]*:[^:]*:flow\/[A-Za-z0-9_-]{1,80}$/;
const MNS = /^acs:mns:/;
const ALL_ERRORS = 'FnF.ALL';

function checkErrors(check: StepCheck, node: Checked): string[] {
  const { checker } = check;
  const errorsNode = checker.required(node, 'errors', 'a retry or catch entry');
  if (!errorsNode) return [];
  const items = checker.items(errorsNode, 'errors');
  if (errorsNode.value.kind === 'seq' && items.length === 0) {
    checker.report(errorsNode.path, errorsNode.value.position, 'errors must name at least one error');
  }
  return items.map((item) => checker.string(item, 'an error name')).filter((name): name is string => !!name);
}

/** Entries after one whose errors hold FnF.ALL can never match: report them. */
function checkAllIsLast(check: StepCheck, entries: Checked[], errors: string[][], what: string): void {
  const index = errors.findIndex((names) => names.includes(ALL_ERRORS));
  const unreachable = index >= 0 ? entries[index + 1] : undefined;
  if (unreachable) {
    check.checker.report(
      unreachable.path,
      unreachable.value.position,
      `this ${what} entry comes after one that matches ${ALL_ERRORS} and can never apply`,
    );
  }
}

function checkRetry(check: StepCheck): RetryRule[] {
  const { checker } = check;
  const node = checker.field(check.node, 'retry');
  if (!node) return [];
  const entries = checker.items(node, 'retry');
  const rules = entries.map((entry) => {
    const map = checker.map(entry, 'a retry entry');
    if (map) checker.fields(entry, map, RETRY_FIELDS, 'a retry entry');
    const rule: RetryRule = { errors: checkErrors(check, entry) };
    const seconds = { min: 1, max: MAX_SECONDS, integer: true };
    const interval = checker.number(checker.field(entry, 'intervalSeconds'), 'intervalSeconds', seconds);
    const maxInterval = checker.number(checker.field(entry, 'maxIntervalSeconds'), 'maxIntervalSeconds', seconds);
    const attempts = checker.number(checker.field(entry, 'maxAttempts'), 'maxAttempts', {
      min: 0,
      max: 99_999_999,
      integer: true,
    });
    const multiplier = checker.number(checker.field(entry, 'multiplier'), 'multiplier', {
      min: 1,
      max: 1000,
      integer: false,
    });
    if (interval !== undefined) rule.intervalSeconds = interval;
    if (maxInterval !== undefined) rule.maxIntervalSeconds = maxInterval;
    if (attempts !== undefined) rule.maxAttempts = attempts;
    if (multiplier !== undefined) rule.multiplier = multiplier;
    return rule;
  });
  checkAllIsLast(
    check,
    entries,
    rules.map((rule) => rule.errors),
    'retry',
  );
  return rules;
}

function checkCatch(check: StepCheck): CatchRule[] {
  const { checker } = check;
  const node = checker.field(check.node, 'catch');
  if (!node) return [];
  const entries = checker.items(node, 'catch');
  const rules: CatchRule[] = [];
  const errors: string[][] = [];
  for (const entry of entries) {
    const map = checker.map(entry, 'a catch entry');
    if (map) checker.fields(entry, map, CATCH_FIELDS, 'a catch entry');
    const names = checkErrors(check, entry);
    errors.push(names);
    const gotoNode = checker.required(entry, 'goto', 'a catch entry');
    const target = checker.string(gotoNode, 'goto');
    if (gotoNode && target !== undefined) {
      check.gotos.push({ target, path: gotoNode.path, position: gotoNode.value.position });
      rules.push({ errors: names, goto: target });
    }
  }
  checkAllIsLast(check, entries, errors, 'catch');
  return rules;
}

function checkResource(check: StepCheck): string {
  const { checker } = check;
  const node = checker.required(check.node, 'resourceArn', 'a task step');
  const resource = checker.string(node, 'resourceArn') ?? '';
  if (node && SUB_FLOW.test(resource) && !SUB_FLOW_ARN.test(resource)) {
    checker.report(
      node.path,
      node.value.position,
      `a sub-flow resource is 'acs:fnf:::flow/<name>' (letters, digits, '-' and '_'), not '${resource}'`,
    );
  } else if (node && MNS.test(resource)) {
    checker.report(node.path, node.value.position, `MNS queues and topics ('${resource}') are not supported`);
  } else if (node && /\s/.test(resource)) {
    checker.report(node.path, node.value.position, 'resourceArn must not contain spaces');
  }
  return resource;
}

function checkPattern(check: StepCheck): TaskPattern {
  const node = check.checker.field(check.node, 'pattern');
  const pattern = check.checker.string(node, 'pattern');
  if (pattern === undefined) return 'requestResponse';
  if (PATTERNS.includes(pattern as TaskPattern)) return pattern as TaskPattern;
  if (node) check.checker.report(node.path, node.value.position, `pattern must be one of ${PATTERNS.join(', ')}`);
  return 'requestResponse';
}

/** A sub-flow runs as a child execution: awaited (`sync`) or started only (`requestResponse`), never a callback. */
function checkSubFlowPattern(check: StepCheck, resource: string, pattern: TaskPattern): void {
  const node = check.checker.field(check.node, 'pattern');
  if (SUB_FLOW.test(resource) && pattern === 'waitForCallback' && node) {
    check.checker.report(node.path, node.value.position, 'a sub-flow takes pattern sync or requestResponse');
  }
}

/** task: resourceArn, pattern, timeoutSeconds, errorMappings, retry, catch. */
export function checkTaskStep(check: StepCheck): TaskStep | undefined {
  const { checker, node } = check;
  const map = checker.map(node, 'a step');
  if (map) checker.fields(node, map, TASK_FIELDS, 'a task step');
  const serviceParams = checker.field(node, 'serviceParams');
  if (serviceParams) {
    checker.report(
      serviceParams.path,
      serviceParams.value.position,
      'serviceParams (MNS integrations) are not supported',
    );
  }
  const timeout = checker.number(checker.field(node, 'timeoutSeconds'), 'timeoutSeconds', {
    min: 1,
    max: MAX_SECONDS,
    integer: true,
  });
  const errorMappings = checkMappings(checker, checker.field(node, 'errorMappings'), 'errorMappings');
  const resourceArn = checkResource(check);
  const pattern = checkPattern(check);
  checkSubFlowPattern(check, resourceArn, pattern);
  const step: TaskStep = {
    ...check.common,
    type: 'task',
    resourceArn,
    pattern,
    retry: checkRetry(check),
    catch: checkCatch(check),
    ...(timeout !== undefined ? { timeoutSeconds: timeout } : {}),
    ...(errorMappings ? { errorMappings } : {}),
  };
  return step;
}
