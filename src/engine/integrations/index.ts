import type { Json } from '../../core/json.js';
import type { TaskHandler } from '../task-handler.js';
import { createDtmBranchIntegration } from './dtm-branch-protocol.js';
import { createHttpInvokeIntegration } from './http-invoke.js';
import type { Integration } from './integration.js';

export type { Integration } from './integration.js';
export { IntegrationError, findIntegration } from './integration.js';
export type { HttpInvokeOptions } from './http-invoke.js';
export { createHttpInvokeIntegration, HTTP_INVOKE_RESOURCE } from './http-invoke.js';
export type { DtmBranchOptions } from './dtm-branch-protocol.js';
export {
  BUSINESS_FAILURE_ERROR,
  TRANSIENT_FAILURE_ERROR,
  IDEMPOTENCY_KEY_HEADER,
  createDtmBranchIntegration,
  isParticipantUrl,
} from './dtm-branch-protocol.js';

/** The integrations every engine has, with their default options: the HTTP Task and DTM-protocol URLs. */
export const builtInIntegrations: readonly Integration[] = [
  createHttpInvokeIntegration(),
  createDtmBranchIntegration(),
];

/** The integration for a resource, as a task handler (what `resolveTask` returns for local handlers). */
export function integrationHandler(integration: Integration, resource: string): TaskHandler {
  return (input: Json, ctx) => integration.invoke(input, ctx, resource);
}
