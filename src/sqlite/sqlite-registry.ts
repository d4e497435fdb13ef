import type Database from 'better-sqlite3';

import type { Registry } from '../store/registry-port.js';
import { prepareSqliteActivities, prepareSqliteActivityTasks } from './sqlite-registry-activities.js';
import { prepareSqliteStateMachines } from './sqlite-registry-state-machines.js';
import { prepareSqliteTags } from './sqlite-registry-tags.js';
import { prepareSqliteStateMachineVersions } from './sqlite-registry-versions.js';

/**
 * The registry on the store's connection (same file, same single writer). Statements are prepared on
 * first use, so the store's `migrate()` must have run; writes of several statements run in immediate
 * transactions, like the store's own.
 */
export function createSqliteRegistry(db: Database.Database): Registry {
  let statements: ReturnType<typeof prepareStatements> | undefined;
  const prepared = (): ReturnType<typeof prepareStatements> => (statements ??= prepareStatements(db));

  return {
    createStateMachine: (record) => settle(() => prepared().stateMachines.create(record)),
    getStateMachine: (arn) => settle(() => prepared().stateMachines.get(arn)),
    updateStateMachine: (arn, patch) => settle(() => prepared().stateMachines.update(arn, patch)),
    deleteStateMachine: (arn) => settle(() => prepared().stateMachines.delete(arn)),
    listStateMachines: (query) => settle(() => prepared().stateMachines.list(query)),
    publishStateMachineVersion: (arn, description, creationDate) =>
      settle(() => prepared().versions.publish(arn, description, creationDate)),
    getStateMachineVersion: (versionArn) => settle(() => prepared().versions.get(versionArn)),
    listStateMachineVersions: (arn, query) => settle(() => prepared().versions.list(arn, query)),
    deleteStateMachineVersion: (versionArn) => settle(() => prepared().versions.delete(versionArn)),
    createActivity: (record) => settle(() => prepared().activities.create(record)),
    getActivity: (arn) => settle(() => prepared().activities.get(arn)),
    deleteActivity: (arn) => settle(() => prepared().activities.delete(arn)),
    listActivities: (query) => settle(() => prepared().activities.list(query)),
    enqueueActivityTask: (task) => settle(() => prepared().activityTasks.enqueue(task)),
    takeActivityTask: (arn, workerName, now) => settle(() => prepared().activityTasks.take(arn, workerName, now)),
    deleteActivityTask: (taskToken) => settle(() => prepared().activityTasks.delete(taskToken)),
    deleteActivityTasksOfExecution: (executionArn) =>
      settle(() => prepared().activityTasks.deleteOfExecution(executionArn)),
    tagResource: (resourceArn, tags) => settle(() => prepared().tags.tag(resourceArn, tags)),
    untagResource: (resourceArn, keys) => settle(() => prepared().tags.untag(resourceArn, keys)),
    listTags: (resourceArn) => settle(() => prepared().tags.list(resourceArn)),
  };
}

/** Runs a synchronous better-sqlite3 operation now; a throw becomes a rejected promise. */
function settle<T>(operation: () => T): Promise<T> {
  return new Promise<T>((resolve) => resolve(operation()));
}

function prepareStatements(db: Database.Database) {
  return {
    stateMachines: prepareSqliteStateMachines(db),
    versions: prepareSqliteStateMachineVersions(db),
    activities: prepareSqliteActivities(db),
    activityTasks: prepareSqliteActivityTasks(db),
    tags: prepareSqliteTags(db),
  };
}
