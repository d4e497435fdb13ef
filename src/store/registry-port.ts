/**
 * The registry port: what the Step Functions API stores besides executions — state machines and their
 * published versions, activities and their queued tasks, and resource tags. It lives in the same
 * database as the executions (each store adapter implements it next to `Store`), so one file or one
 * PostgreSQL schema holds everything. Every adapter passes `tests/registry-contract.ts`.
 *
 * Times are epoch milliseconds; JSON-valued fields are JSON text. Methods never throw for "not found":
 * they return undefined / false, and the API layer maps that to the AWS error.
 */

export type StateMachineType = 'STANDARD' | 'EXPRESS';

export interface StateMachineRecord {
  /** arn:aws:states:<region>:<account>:stateMachine:<name> */
  stateMachineArn: string;
  name: string;
  type: StateMachineType;
  /** The definition text as the client sent it (ASL JSON, or a YAML flow). */
  definition: string;
  roleArn: string;
  description: string | null;
  /** JSON text of `loggingConfiguration`, or null. */
  loggingConfiguration: string | null;
  /** JSON text of `tracingConfiguration`, or null. */
  tracingConfiguration: string | null;
  creationDate: number;
  /** Last UpdateStateMachine, or null. */
  updateDate: number | null;
  /** Changes on every update (a UUID); AWS returns it as `revisionId`. */
  revisionId: string;
}

export interface StateMachineVersionRecord {
  /** `<stateMachineArn>:<version>` */
  stateMachineVersionArn: string;
  stateMachineArn: string;
  /** 1, 2, 3, ... per state machine, never reused (not even after a version is deleted). */
  version: number;
  definition: string;
  roleArn: string;
  /** The version's description (PublishStateMachineVersion / `versionDescription`). */
  description: string | null;
  /** The revisionId of the state machine the version was published from. */
  revisionId: string;
  creationDate: number;
}

export interface ActivityRecord {
  /** arn:aws:states:<region>:<account>:activity:<name> */
  activityArn: string;
  name: string;
  creationDate: number;
}

/** A task of an activity, queued until a worker takes it with GetActivityTask. */
export interface ActivityTaskRecord {
  /** The task token the worker answers with (SendTaskSuccess/Failure/Heartbeat). Unique. */
  taskToken: string;
  activityArn: string;
  executionArn: string;
  /** JSON text: the task's input. */
  input: string;
  createdAt: number;
  /** Set when a worker took it (GetActivityTask). */
  workerName: string | null;
  takenAt: number | null;
}

export interface Tag {
  key: string;
  value: string;
}

/** Newest / first page when absent; adapters return `limit` + 1 rows at most so callers see "more". */
export interface PageQuery {
  /** Resume after this key (exclusive), as returned in the previous page's last record. */
  after?: string;
  limit: number;
}

export type UpdateStateMachinePatch = Partial<
  Pick<StateMachineRecord, 'definition' | 'roleArn' | 'description' | 'loggingConfiguration' | 'tracingConfiguration'>
> & { updateDate: number; revisionId: string };

export interface Registry {
  /**
   * Creates the state machine. `created` false when one of that ARN exists already: the existing
   * record is returned and nothing changes (the API decides whether that is idempotent or a conflict).
   */
  createStateMachine(record: StateMachineRecord): Promise<{ created: boolean; record: StateMachineRecord }>;
  getStateMachine(stateMachineArn: string): Promise<StateMachineRecord | undefined>;
  /** Applies the patch; returns the updated record, or undefined when there is no such state machine. */
  updateStateMachine(stateMachineArn: string, patch: UpdateStateMachinePatch): Promise<StateMachineRecord | undefined>;
  /** Deletes the state machine, its versions and its tags; false when it did not exist. */
  deleteStateMachine(stateMachineArn: string): Promise<boolean>;
  /** Ordered by name; `after` is a name. */
  listStateMachines(query: PageQuery): Promise<StateMachineRecord[]>;

  /**
   * Publishes the state machine's current definition as the next version number (atomic: concurrent
   * publishers get distinct numbers). Undefined when the state machine does not exist.
   */
  publishStateMachineVersion(
    stateMachineArn: string,
    description: string | null,
    creationDate: number,
  ): Promise<StateMachineVersionRecord | undefined>;
  getStateMachineVersion(stateMachineVersionArn: string): Promise<StateMachineVersionRecord | undefined>;
  /** Newest version first; `after` is a version number as text. */
  listStateMachineVersions(stateMachineArn: string, query: PageQuery): Promise<StateMachineVersionRecord[]>;
  deleteStateMachineVersion(stateMachineVersionArn: string): Promise<boolean>;

  /** Like createStateMachine: `created` false returns the existing activity of that ARN. */
  createActivity(record: ActivityRecord): Promise<{ created: boolean; record: ActivityRecord }>;
  getActivity(activityArn: string): Promise<ActivityRecord | undefined>;
  /** Deletes the activity, its queued tasks and its tags; false when it did not exist. */
  deleteActivity(activityArn: string): Promise<boolean>;
  /** Ordered by name; `after` is a name. */
  listActivities(query: PageQuery): Promise<ActivityRecord[]>;

  /** Queues a task for the activity's workers. Idempotent on `taskToken`. */
  enqueueActivityTask(task: ActivityTaskRecord): Promise<void>;
  /**
   * Hands the oldest untaken task of the activity to `workerName` (marks it taken, atomically: two
   * concurrent callers, in any process, never get the same task). Undefined when none is queued.
   */
  takeActivityTask(activityArn: string, workerName: string, now: number): Promise<ActivityTaskRecord | undefined>;
  /** Removes a task (answered, timed out, or its execution ended); false when it was not there. */
  deleteActivityTask(taskToken: string): Promise<boolean>;
  /** Removes every task of an execution (it ended or was stopped); returns how many. */
  deleteActivityTasksOfExecution(executionArn: string): Promise<number>;

  /** Adds or overwrites tags of any resource ARN. */
  tagResource(resourceArn: string, tags: readonly Tag[]): Promise<void>;
  untagResource(resourceArn: string, keys: readonly string[]): Promise<void>;
  /** Ordered by key. */
  listTags(resourceArn: string): Promise<Tag[]>;
}
