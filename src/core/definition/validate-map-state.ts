import { isJsonObject } from '../json.js';
import {
  checkAllowedFields,
  checkAtMostOne,
  checkEnum,
  checkExactlyOne,
  checkInteger,
  checkNumberRange,
  checkString,
  child,
  has,
  report,
  fieldValue,
} from './field-checks.js';
import { isJsonataExpression } from './jsonata-checks.js';
import { checkPathField } from './path-checks.js';
import { childPath } from './problem-list.js';
import { checkCatch, checkRetry } from './retry-catch-checks.js';
import { BRANCH_FIELDS, ITEM_PROCESSOR_FIELDS } from './state-fields.js';
import type { StateInput } from './validation-context.js';

const PROCESSOR_CONFIG_FIELDS = { both: ['Mode', 'ExecutionType'], jsonPath: [], jsonata: [] };
/** Distributed Map features: this engine runs Map states inline only. */
const DISTRIBUTED_FIELDS = ['ItemReader', 'ItemBatcher', 'ResultWriter'];

function checkProcessorConfig(input: StateInput, processorPath: string, processor: unknown): void {
  const configPath = childPath(processorPath, 'ProcessorConfig');
  const config = isJsonObject(processor) ? processor.ProcessorConfig : undefined;
  if (config === undefined) {
    return;
  }
  const configInput = child(input, config, configPath);
  if (configInput === undefined) {
    input.ctx.problems.add(configPath, 'ProcessorConfig must be an object');
    return;
  }
  checkAllowedFields(configInput, PROCESSOR_CONFIG_FIELDS, 'ProcessorConfig');
  checkEnum(configInput, 'Mode', ['INLINE', 'DISTRIBUTED']);
  checkEnum(configInput, 'ExecutionType', ['STANDARD', 'EXPRESS']);
  if (configInput.node.Mode === 'DISTRIBUTED') {
    report(configInput, 'Mode', 'Distributed Map (Mode DISTRIBUTED) is not supported by this engine; use INLINE');
  }
}

function checkProcessor(input: StateInput): void {
  checkExactlyOne(input, ['ItemProcessor', 'Iterator'], 'a Map state');
  for (const field of ['ItemProcessor', 'Iterator']) {
    if (has(input, field)) {
      const path = childPath(input.path, field);
      const processor = input.node[field];
      const fields = field === 'ItemProcessor' ? ITEM_PROCESSOR_FIELDS : BRANCH_FIELDS;
      input.ctx.validateScope(processor, path, fields, `a Map ${field}`);
      checkProcessorConfig(input, path, processor);
    }
  }
}

function checkItems(input: StateInput): void {
  checkAtMostOne(input, ['Items', 'ItemsPath']);
  checkAtMostOne(input, ['ItemSelector', 'Parameters']);
  checkPathField(input, 'ItemsPath', { kind: 'reference' });
  const items = fieldValue(input, 'Items');
  if (items !== undefined && !Array.isArray(items) && !isJsonataExpression(items)) {
    report(input, 'Items', "Items must be an array or a '{% %}' JSONata expression");
  }
}

function checkLimits(input: StateInput): void {
  checkAtMostOne(input, ['MaxConcurrency', 'MaxConcurrencyPath']);
  checkAtMostOne(input, ['ToleratedFailurePercentage', 'ToleratedFailurePercentagePath']);
  checkAtMostOne(input, ['ToleratedFailureCount', 'ToleratedFailureCountPath']);
  checkInteger(input, 'MaxConcurrency', { min: 0 });
  checkInteger(input, 'ToleratedFailureCount', { min: 0 });
  checkNumberRange(input, 'ToleratedFailurePercentage', 0, 100);
  for (const field of ['MaxConcurrencyPath', 'ToleratedFailurePercentagePath', 'ToleratedFailureCountPath']) {
    checkPathField(input, field, { kind: 'reference' });
  }
}

/** Map: ItemProcessor (or Iterator), items, concurrency and tolerated failures, Retry and Catch. */
export function validateMapState(input: StateInput): void {
  checkProcessor(input);
  checkItems(input);
  checkLimits(input);
  checkString(input, 'Label');
  for (const field of DISTRIBUTED_FIELDS.filter((name) => has(input, name))) {
    report(input, field, `${field} (a Distributed Map feature) is not supported by this engine`);
  }
  checkRetry(input);
  checkCatch(input);
}
