import type { Registry } from '../store/registry-port.js';
import type { PostgresDatabase } from './postgres-database.js';
import { createPostgresActivities } from './postgres-registry-activities.js';
import { createPostgresActivityTasks } from './postgres-registry-activity-tasks.js';
import { createPostgresStateMachines } from './postgres-registry-state-machines.js';
import { createPostgresTags } from './postgres-registry-tags.js';
import { createPostgresStateMachineVersions } from './postgres-registry-versions.js';

type Retry = <T>(operation: () => Promise<T>) => Promise<T>;

/** The registry in the store's schema, on the store's pool; every method retried like the store's own. */
export function createPostgresRegistry(database: PostgresDatabase, schema: string, retry: Retry): Registry {
  const stateMachines = createPostgresStateMachines(database, schema);
  const versions = createPostgresStateMachineVersions(database, schema);
  const activities = createPostgresActivities(database, schema);
  const activityTasks = createPostgresActivityTasks(database, schema);
  const tags = createPostgresTags(database, schema);
  return {
    createStateMachine: (record) => retry(() => stateMachines.create(record)),
    getStateMachine: (arn) => retry(() => stateMachines.get(arn)),
    updateStateMachine: (arn, patch) => retry(() => stateMachines.update(arn, patch)),
    deleteStateMachine: (arn) => retry(() => stateMachines.delete(arn)),
    listStateMachines: (query) => retry(() => stateMachines.list(query)),
    publishStateMachineVersion: (arn, description, creationDate) =>
      retry(() => versions.publish(arn, description, creationDate)),
    getStateMachineVersion: (versionArn) => retry(() => versions.get(versionArn)),
    listStateMachineVersions: (arn, query) => retry(() => versions.list(arn, query)),
    deleteStateMachineVersion: (versionArn) => retry(() => versions.delete(versionArn)),
    createActivity: (record) => retry(() => activities.create(record)),
    getActivity: (arn) => retry(() => activities.get(arn)),
    deleteActivity: (arn) => retry(() => activities.delete(arn)),
    listActivities: (query) => retry(() => activities.list(query)),
    enqueueActivityTask: (task) => retry(() => activityTasks.enqueue(task)),
    takeActivityTask: (arn, workerName, now) => retry(() => activityTasks.take(arn, workerName, now)),
    deleteActivityTask: (taskToken) => retry(() => activityTasks.delete(taskToken)),
    deleteActivityTasksOfExecution: (executionArn) => retry(() => activityTasks.deleteOfExecution(executionArn)),
    tagResource: (resourceArn, given) => retry(() => tags.tag(resourceArn, given)),
    untagResource: (resourceArn, keys) => retry(() => tags.untag(resourceArn, keys)),
    listTags: (resourceArn) => retry(() => tags.list(resourceArn)),
  };
}
