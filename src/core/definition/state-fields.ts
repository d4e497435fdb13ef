import { CHOICE_OPERATORS } from '../data/choice-rule.js';
import type { StateMachineDefinition, StateType } from './asl-types.js';

export type QueryLanguage = NonNullable<StateMachineDefinition['QueryLanguage']>;

/** The fields an object may have: in both query languages, in JSONPath only, in JSONata only. */
export interface FieldTable {
  both: readonly string[];
  jsonPath: readonly string[];
  jsonata: readonly string[];
}

const COMMON = ['Type', 'Comment', 'QueryLanguage'];
const FLOW = ['Next', 'End', 'Assign'];
const IO_PATHS = ['InputPath', 'OutputPath'];
const RESULT_PATHS = [...IO_PATHS, 'Parameters', 'ResultSelector', 'ResultPath'];
const ERROR_HANDLING = ['Retry', 'Catch'];
const MAP_BOTH = ['ItemProcessor', 'Iterator', 'ItemSelector', 'MaxConcurrency', 'Label'];
const TOLERATED = ['ToleratedFailurePercentage', 'ToleratedFailureCount'];
const DISTRIBUTED = ['ItemReader', 'ItemBatcher', 'ResultWriter'];
const TASK_BOTH = ['Resource', 'TimeoutSeconds', 'HeartbeatSeconds', 'Credentials'];
const TASK_PATHS = ['TimeoutSecondsPath', 'HeartbeatSecondsPath'];
const MAP_PATHS = ['ItemsPath', 'MaxConcurrencyPath', 'ToleratedFailurePercentagePath', 'ToleratedFailureCountPath'];

/** Fields allowed per state type (ASL spec tables, see docs/asl-coverage.md). */
export const STATE_FIELDS: Readonly<Record<StateType, FieldTable>> = {
  Task: {
    both: [...COMMON, ...FLOW, ...ERROR_HANDLING, ...TASK_BOTH],
    jsonPath: [...RESULT_PATHS, ...TASK_PATHS],
    jsonata: ['Arguments', 'Output'],
  },
  Pass: {
    both: [...COMMON, ...FLOW],
    jsonPath: [...IO_PATHS, 'Parameters', 'ResultPath', 'Result'],
    jsonata: ['Output'],
  },
  Choice: { both: [...COMMON, 'Assign', 'Choices', 'Default'], jsonPath: IO_PATHS, jsonata: ['Output'] },
  Wait: {
    both: [...COMMON, ...FLOW, 'Seconds', 'Timestamp'],
    jsonPath: [...IO_PATHS, 'SecondsPath', 'TimestampPath'],
    jsonata: ['Output'],
  },
  Succeed: { both: COMMON, jsonPath: IO_PATHS, jsonata: ['Output'] },
  Fail: { both: [...COMMON, 'Error', 'Cause'], jsonPath: ['ErrorPath', 'CausePath'], jsonata: [] },
  Parallel: {
    both: [...COMMON, ...FLOW, ...ERROR_HANDLING, 'Branches'],
    jsonPath: RESULT_PATHS,
    jsonata: ['Arguments', 'Output'],
  },
  Map: {
    both: [...COMMON, ...FLOW, ...ERROR_HANDLING, ...MAP_BOTH, ...TOLERATED, ...DISTRIBUTED],
    jsonPath: [...RESULT_PATHS, ...MAP_PATHS],
    jsonata: ['Items', 'Output'],
  },
};

export const TOP_LEVEL_FIELDS: FieldTable = {
  both: ['StartAt', 'States', 'Comment', 'Version', 'TimeoutSeconds', 'QueryLanguage'],
  jsonPath: [],
  jsonata: [],
};

export const BRANCH_FIELDS: FieldTable = { both: ['StartAt', 'States', 'Comment'], jsonPath: [], jsonata: [] };

export const ITEM_PROCESSOR_FIELDS: FieldTable = {
  both: ['StartAt', 'States', 'Comment', 'ProcessorConfig'],
  jsonPath: [],
  jsonata: [],
};

export const RETRIER_FIELDS: FieldTable = {
  both: [
    'ErrorEquals',
    'IntervalSeconds',
    'MaxAttempts',
    'BackoffRate',
    'MaxDelaySeconds',
    'JitterStrategy',
    'Comment',
  ],
  jsonPath: [],
  jsonata: [],
};

export const CATCHER_FIELDS: FieldTable = {
  both: ['ErrorEquals', 'Next', 'Comment', 'Assign'],
  jsonPath: ['ResultPath'],
  jsonata: ['Output'],
};

/** A JSONata Choice rule; JSONPath rules are checked operator by operator. */
export const JSONATA_CHOICE_RULE_FIELDS: FieldTable = {
  both: ['Next', 'Comment', 'Assign'],
  jsonPath: ['Variable', 'And', 'Or', 'Not', ...CHOICE_OPERATORS],
  jsonata: ['Condition', 'Output'],
};

export type FieldStatus = 'allowed' | 'other-language' | 'unknown';

/** Whether a field is allowed in an object described by `table` for a query language. */
export function fieldStatus(table: FieldTable, language: QueryLanguage, field: string): FieldStatus {
  const own = language === 'JSONata' ? table.jsonata : table.jsonPath;
  const other = language === 'JSONata' ? table.jsonPath : table.jsonata;
  if (table.both.includes(field) || own.includes(field)) {
    return 'allowed';
  }
  return other.includes(field) ? 'other-language' : 'unknown';
}
