import type { Operation } from '../operation.js';
import { createActivity } from './create-activity.js';
import { createStateMachine } from './create-state-machine.js';
import { deleteActivity } from './delete-activity.js';
import { deleteStateMachine } from './delete-state-machine.js';
import { deleteStateMachineVersion } from './delete-state-machine-version.js';
import { describeActivity } from './describe-activity.js';
import { describeExecution } from './describe-execution.js';
import { describeStateMachine } from './describe-state-machine.js';
import { describeStateMachineForExecution } from './describe-state-machine-for-execution.js';
import { getActivityTask } from './get-activity-task.js';
import { getExecutionHistory } from './get-execution-history.js';
import { listActivities } from './list-activities.js';
import { listExecutions } from './list-executions.js';
import { listStateMachineVersions } from './list-state-machine-versions.js';
import { listStateMachines } from './list-state-machines.js';
import { listTagsForResource } from './list-tags-for-resource.js';
import { publishStateMachineVersion } from './publish-state-machine-version.js';
import { redriveExecution } from './redrive-execution.js';
import { sendTaskFailure } from './send-task-failure.js';
import { sendTaskHeartbeat } from './send-task-heartbeat.js';
import { sendTaskSuccess } from './send-task-success.js';
import { startExecution } from './start-execution.js';
import { startSyncExecution } from './start-sync-execution.js';
import { stopExecution } from './stop-execution.js';
import { tagResource } from './tag-resource.js';
import { untagResource } from './untag-resource.js';
import { updateStateMachine } from './update-state-machine.js';
import { validateStateMachineDefinition } from './validate-state-machine-definition.js';

/** Every operation the server answers, by `X-Amz-Target: AWSStepFunctions.<name>`. Add new ones here. */
export const operations: readonly Operation[] = [
  // state machines and versions
  createStateMachine,
  describeStateMachine,
  updateStateMachine,
  deleteStateMachine,
  listStateMachines,
  publishStateMachineVersion,
  listStateMachineVersions,
  deleteStateMachineVersion,
  validateStateMachineDefinition,
  // executions
  startExecution,
  startSyncExecution,
  describeExecution,
  describeStateMachineForExecution,
  stopExecution,
  listExecutions,
  getExecutionHistory,
  redriveExecution,
  // task callbacks
  sendTaskSuccess,
  sendTaskFailure,
  sendTaskHeartbeat,
  // activities (remote workers poll GetActivityTask, answer with SendTask*)
  createActivity,
  describeActivity,
  deleteActivity,
  listActivities,
  getActivityTask,
  // tags
  tagResource,
  untagResource,
  listTagsForResource,
];
