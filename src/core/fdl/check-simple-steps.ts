import type { FailStep, PassStep, SucceedStep, WaitStep, WaitValue } from './flow-types.js';
import type { Checked } from './flow-checker.js';
import { parsePath } from './mapping-source.js';
import { COMMON_FIELDS, type StepCheck } from './check-steps.js';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
/** The old flow language waits at most two days. */
const MAX_WAIT_SECONDS = 172_800;

function allowOnly(check: StepCheck, fields: readonly string[], what: string): void {
  const map = check.checker.map(check.node, 'a step');
  if (map) check.checker.fields(check.node, map, fields, what);
}

/** pass: no fields of its own; its $local is empty. */
export function checkPassStep(check: StepCheck): PassStep {
  allowOnly(check, COMMON_FIELDS, 'a pass step');
  return { ...check.common, type: 'pass' };
}

/** succeed: ends the list of steps it belongs to. */
export function checkSucceedStep(check: StepCheck): SucceedStep {
  allowOnly(check, COMMON_FIELDS, 'a succeed step');
  return { ...check.common, type: 'succeed' };
}

/** fail: optional `error` and `cause`; fails the enclosing steps up to the flow. */
export function checkFailStep(check: StepCheck): FailStep {
  allowOnly(check, [...COMMON_FIELDS, 'error', 'cause'], 'a fail step');
  const error = check.checker.string(check.checker.field(check.node, 'error'), 'error');
  const cause = check.checker.string(check.checker.field(check.node, 'cause'), 'cause');
  return {
    ...check.common,
    type: 'fail',
    ...(error !== undefined ? { error } : {}),
    ...(cause !== undefined ? { cause } : {}),
  };
}

function waitPath<T>(check: StepCheck, node: Checked, text: string): WaitValue<T> | undefined {
  const parsed = parsePath(text);
  const readsInput =
    parsed.ok && parsed.source.kind === 'path' && parsed.source.root !== 'local' && parsed.source.root !== 'context';
  if (parsed.ok && readsInput) return { kind: 'path', source: parsed.source };
  check.checker.report(
    node.path,
    node.value.position,
    `'${text}' must be a number or a path into the step input ($.name)`,
  );
  return undefined;
}

function checkDuration(check: StepCheck, node: Checked): WaitValue<number> | undefined {
  const value = node.value.kind === 'scalar' ? node.value.value : undefined;
  if (typeof value === 'string' && value.startsWith('$')) return waitPath<number>(check, node, value);
  const seconds = check.checker.number(node, 'duration', { min: 0, max: MAX_WAIT_SECONDS, integer: true });
  return seconds === undefined ? undefined : { kind: 'constant', value: seconds };
}

function checkTimestamp(check: StepCheck, node: Checked): WaitValue<string> | undefined {
  const value = check.checker.string(node, 'timestamp');
  if (value === undefined) return undefined;
  if (value.startsWith('$')) return waitPath<string>(check, node, value);
  if (RFC3339.test(value) && !Number.isNaN(Date.parse(value))) return { kind: 'constant', value };
  check.checker.report(
    node.path,
    node.value.position,
    `timestamp '${value}' must be RFC3339, e.g. 2026-01-01T00:00:00Z`,
  );
  return undefined;
}

/** wait: exactly one of `duration` (seconds) or `timestamp` (RFC3339), each a constant or a `$.path`. */
export function checkWaitStep(check: StepCheck): WaitStep | undefined {
  const { checker, node } = check;
  allowOnly(check, [...COMMON_FIELDS, 'duration', 'timestamp'], 'a wait step');
  const durationNode = checker.field(node, 'duration');
  const timestampNode = checker.field(node, 'timestamp');
  if ((durationNode === undefined) === (timestampNode === undefined)) {
    checker.report(node.path, node.value.position, 'a wait step needs exactly one of duration or timestamp');
    return undefined;
  }
  const duration = durationNode ? checkDuration(check, durationNode) : undefined;
  const timestamp = timestampNode ? checkTimestamp(check, timestampNode) : undefined;
  if (!duration && !timestamp) return undefined;
  return { ...check.common, type: 'wait', ...(duration ? { duration } : {}), ...(timestamp ? { timestamp } : {}) };
}
