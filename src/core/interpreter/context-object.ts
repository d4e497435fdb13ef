import type { Json, JsonObject } from '../json.js';
import type { InterpreterRun } from './interpreter-run.js';
import type { Scope } from './snapshot.js';

export interface ContextExtras {
  /** The task whose token `$$.Task.Token` names (derived only when read). */
  taskId?: string;
  mapItem?: { index: number; value: Json };
}

/** What a state's paths and expressions read besides their input: `$$` and the variables in scope. */
export interface StateData {
  context: Json;
  variables: Record<string, Json>;
}

/** The variables a scope sees: its own over its ancestors' (inner scopes read outer ones). */
export function visibleVariables(run: InterpreterRun, scope: Scope): Record<string, Json> {
  const chain: Scope[] = [];
  for (
    let current: Scope | undefined = scope;
    current;
    current = current.parent ? run.snapshot.scopes[current.parent] : undefined
  ) {
    chain.unshift(current);
  }
  if (chain.every((each) => each.variables === undefined)) return {};
  return Object.assign({}, ...chain.map((each) => each.variables ?? {})) as Record<string, Json>;
}

export function stateData(run: InterpreterRun, scope: Scope, extras: ContextExtras = {}): StateData {
  return { context: contextObject(run, scope, extras), variables: visibleVariables(run, scope) };
}

/**
 * The Context Object (`$$`) as a state sees it. Its parts are built only when a path
 * reads them: most states never look at `$$`, and this runs on every state.
 */
export function contextObject(run: InterpreterRun, scope: Scope, extras: ContextExtras = {}): JsonObject {
  const { ctx, snapshot } = run;
  const state = scope.current;
  const context = {
    get Execution(): Json {
      return {
        Id: ctx.executionArn,
        Input: ctx.executionInput,
        Name: ctx.executionName,
        RoleArn: ctx.roleArn ?? null,
        StartTime: new Date(snapshot.startTime).toISOString(),
        RedriveCount: snapshot.redriveCount ?? 0,
        ...(snapshot.redriveTime !== undefined ? { RedriveTime: new Date(snapshot.redriveTime).toISOString() } : {}),
      };
    },
    get State(): Json {
      return {
        EnteredTime: new Date(state?.enteredTime ?? ctx.now).toISOString(),
        Name: state?.name ?? '',
        RetryCount: state?.retryCount ?? 0,
      };
    },
    get StateMachine(): Json {
      return { Id: ctx.stateMachineArn, Name: ctx.stateMachineName };
    },
  };
  const { taskId, mapItem } = extras;
  if (taskId !== undefined) {
    Object.defineProperty(context, 'Task', { enumerable: true, get: () => ({ Token: ctx.taskToken(taskId) }) });
  }
  if (mapItem) Object.assign(context, { Map: { Item: { Index: mapItem.index, Value: mapItem.value } } });
  return context;
}
