import type { Json } from '../../core/json.js';
import type { TaskContext } from '../task-handler.js';

/**
 * A built-in way to carry out a Task whose Resource is not a local handler: an AWS optimized
 * integration (`arn:aws:states:::http:invoke`) or a remote participant addressed by URL.
 */
export interface Integration {
  /** Whether this integration carries out Tasks with this Resource. */
  matches: (resource: string) => boolean;
  /**
   * Carries out one attempt with the task's effective input. Resolves with the task result; rejects
   * with an {@link IntegrationError} (name = ASL error name, message = cause). `resource` is the
   * Task's Resource, for integrations addressed by it (a participant's URL).
   */
  invoke: (input: Json, ctx: TaskContext, resource: string) => Promise<Json>;
  /**
   * Pre-start check of a Task's literal Parameters (undefined when the state has none, e.g. in
   * JSONata mode): why they can never work, or undefined. Values computed at run time (`.$` keys)
   * are not checked here.
   */
  checkParameters?: (parameters: Json | undefined) => string | undefined;
}

/** A task failure as ASL sees it: `name` is the error name, `message` the cause. */
export class IntegrationError extends Error {
  constructor(error: string, cause: string) {
    super(cause);
    this.name = error;
  }
}

/** The first integration that carries out Tasks with this Resource, if any. */
export function findIntegration(resource: string, integrations: readonly Integration[]): Integration | undefined {
  return integrations.find((integration) => integration.matches(resource));
}
