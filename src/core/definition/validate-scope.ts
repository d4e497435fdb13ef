import { isJsonObject, type JsonObject } from '../json.js';
import { checkAllowedFields, checkRequired, checkString, report } from './field-checks.js';
import { childPath } from './problem-list.js';
import type { FieldTable } from './state-fields.js';
import { listTransitions } from './transitions.js';
import { validateState } from './validate-state.js';
import type { NodeInput, ValidationContext } from './validation-context.js';

function checkStates(scope: NodeInput): JsonObject | undefined {
  if (!checkRequired(scope, 'States', 'a scope')) {
    return undefined;
  }
  const states = scope.node.States;
  if (!isJsonObject(states) || Object.keys(states).length === 0) {
    report(scope, 'States', 'States must be a non-empty object of named states');
    return undefined;
  }
  return states;
}

function checkStartAt(scope: NodeInput, states: JsonObject | undefined): string | undefined {
  if (!checkRequired(scope, 'StartAt', 'a scope')) {
    return undefined;
  }
  const startAt = scope.node.StartAt;
  if (typeof startAt !== 'string') {
    report(scope, 'StartAt', 'StartAt must be the name of a state');
    return undefined;
  }
  if (states !== undefined && !Object.prototype.hasOwnProperty.call(states, startAt)) {
    report(scope, 'StartAt', `StartAt '${startAt}' does not name a state of this scope`);
    return undefined;
  }
  return startAt;
}

function checkTargets(scope: NodeInput, states: JsonObject): void {
  const nested = scope.path !== '$';
  for (const [name, state] of Object.entries(states)) {
    if (!isJsonObject(state)) continue;
    for (const transition of listTransitions(state, childPath(childPath(scope.path, 'States'), name))) {
      if (!Object.prototype.hasOwnProperty.call(states, transition.target)) {
        const hint = nested ? ' (states in a branch or ItemProcessor can only go to states of the same scope)' : '';
        scope.ctx.problems.add(
          transition.path,
          `${transition.field} '${transition.target}' does not name a state of this scope${hint}`,
        );
      }
    }
  }
}

function isTerminal(state: unknown): boolean {
  return isJsonObject(state) && (state.End === true || state.Type === 'Succeed' || state.Type === 'Fail');
}

function checkReachable(scope: NodeInput, states: JsonObject, startAt: string): void {
  const reached = new Set<string>([startAt]);
  const pending = [startAt];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    const state = states[name];
    const targets = isJsonObject(state) ? listTransitions(state, '').map((transition) => transition.target) : [];
    for (const target of targets.filter((next) => !reached.has(next))) {
      reached.add(target);
      pending.push(target);
    }
  }
  for (const name of Object.keys(states).filter((state) => !reached.has(state))) {
    const path = childPath(childPath(scope.path, 'States'), name);
    scope.ctx.problems.add(path, `state '${name}' cannot be reached from StartAt '${startAt}'`);
  }
}

/**
 * Checks a scope: the state machine itself, a Parallel branch or a Map ItemProcessor.
 * Transitions must stay inside the scope, some state must end it, and every state must be
 * reachable from StartAt.
 */
export function validateScope(ctx: ValidationContext, scope: unknown, path: string, fields: FieldTable, where: string) {
  if (!isJsonObject(scope)) {
    ctx.problems.add(path, `${where} must be an object with StartAt and States`);
    return;
  }
  const input: NodeInput = { ctx, node: scope, path, language: ctx.machineLanguage };
  checkAllowedFields(input, fields, where);
  checkString(input, 'Comment');
  const states = checkStates(input);
  const startAt = checkStartAt(input, states);
  if (states === undefined) {
    return;
  }
  for (const [name, state] of Object.entries(states)) {
    validateState(ctx, name, state, childPath(childPath(path, 'States'), name));
  }
  checkTargets(input, states);
  if (!Object.values(states).some(isTerminal)) {
    report(input, 'States', `${where} has no terminal state (End: true, Succeed or Fail)`);
  }
  if (startAt !== undefined) {
    checkReachable(input, states, startAt);
  }
}
