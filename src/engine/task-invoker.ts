import type { Json } from '../core/json.js';
import type { TaskContext, TaskHandlers, TaskOutcome } from './task-handler.js';
import { resolveTask } from './resolve-resource.js';

/** ASL error name and cause for anything a handler threw or rejected with. */
export function errorOutcome(thrown: unknown): { error: string; cause: string } {
  if (thrown instanceof Error) {
    const name = thrown.name !== 'Error' ? thrown.name : thrown.constructor.name;
    return { error: name && name !== 'Error' ? name : 'States.TaskFailed', cause: thrown.message };
  }
  if (typeof thrown === 'object' && thrown !== null) {
    const record = thrown as { name?: unknown; message?: unknown };
    const error = typeof record.name === 'string' && record.name ? record.name : 'States.TaskFailed';
    const cause = typeof record.message === 'string' ? record.message : JSON.stringify(thrown);
    return { error, cause };
  }
  return { error: 'States.TaskFailed', cause: String(thrown) };
}

/** A handler's return value as JSON (undefined becomes null; non-JSON values fail the task). */
function toJson(value: unknown): Json {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value)) as Json;
}

export async function invokeTask(
  resource: string,
  input: Json,
  handlers: TaskHandlers,
  ctx: TaskContext,
  now: () => number,
): Promise<TaskOutcome> {
  const startedAt = now();
  const resolution = resolveTask(resource, input, handlers);
  if (!resolution.ok) return { ok: false, error: resolution.error, cause: resolution.cause, startedAt };
  try {
    const output = await resolution.task.handler(resolution.task.input, ctx);
    return { ok: true, output: resolution.task.wrap(toJson(output)), startedAt };
  } catch (thrown) {
    return { ok: false, ...errorOutcome(thrown), startedAt };
  }
}
