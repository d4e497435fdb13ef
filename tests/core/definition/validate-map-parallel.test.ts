import { describe, it } from 'vitest';
import { expectProblem, expectValid, pass, scope, single, type InvalidCase } from './fixtures.js';

const map = (fields: Record<string, unknown>) =>
  single({ Type: 'Map', End: true, ItemProcessor: scope({ Item: pass() }), ...fields });
const parallel = (fields: Record<string, unknown>) => single({ Type: 'Parallel', End: true, ...fields });

const mapAndParallelCases: InvalidCase[] = [
  {
    name: 'Map without ItemProcessor',
    definition: single({ Type: 'Map', End: true }),
    path: '$.States.Only',
    message: 'exactly one of ItemProcessor, Iterator',
  },
  {
    name: 'Map with ItemProcessor and Iterator',
    definition: map({ Iterator: scope({ It: pass() }) }),
    path: '$.States.Only',
    message: '(found ItemProcessor, Iterator)',
  },
  {
    name: 'ItemProcessor not an object',
    definition: map({ ItemProcessor: [] }),
    path: '$.States.Only.ItemProcessor',
    message: 'a Map ItemProcessor must be an object',
  },
  {
    name: 'MaxConcurrency negative',
    definition: map({ MaxConcurrency: -1 }),
    path: '$.States.Only.MaxConcurrency',
    message: 'non-negative integer',
  },
  {
    name: 'MaxConcurrency and its Path',
    definition: map({ MaxConcurrency: 1, MaxConcurrencyPath: '$.m' }),
    path: '$.States.Only',
    message: 'only one of MaxConcurrency, MaxConcurrencyPath',
  },
  {
    name: 'ToleratedFailurePercentage over 100',
    definition: map({ ToleratedFailurePercentage: 101 }),
    path: '$.States.Only.ToleratedFailurePercentage',
    message: 'from 0 to 100',
  },
  {
    name: 'ToleratedFailureCount negative',
    definition: map({ ToleratedFailureCount: -2 }),
    path: '$.States.Only.ToleratedFailureCount',
    message: 'non-negative integer',
  },
  {
    name: 'ItemsPath null',
    definition: map({ ItemsPath: null }),
    path: '$.States.Only.ItemsPath',
    message: 'ItemsPath must be a path string',
  },
  {
    name: 'ItemsPath not a reference path',
    definition: map({ ItemsPath: '$..items' }),
    path: '$.States.Only.ItemsPath',
    message: 'reference path',
  },
  {
    name: 'ItemSelector and Parameters',
    definition: map({ ItemSelector: {}, Parameters: {} }),
    path: '$.States.Only',
    message: 'only one of ItemSelector, Parameters',
  },
  {
    name: 'ProcessorConfig Mode unknown',
    definition: map({ ItemProcessor: { ...scope({ Item: pass() }), ProcessorConfig: { Mode: 'LOCAL' } } }),
    path: '$.States.Only.ItemProcessor.ProcessorConfig.Mode',
    message: 'Mode must be one of INLINE, DISTRIBUTED',
  },
  {
    name: 'Distributed Map',
    definition: map({
      ItemProcessor: {
        ...scope({ Item: pass() }),
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
      },
    }),
    path: '$.States.Only.ItemProcessor.ProcessorConfig.Mode',
    message: 'Distributed Map (Mode DISTRIBUTED) is not supported',
  },
  {
    name: 'ItemReader',
    definition: map({ ItemReader: { Resource: 'arn:aws:states:::s3:getObject' } }),
    path: '$.States.Only.ItemReader',
    message: 'not supported',
  },
  {
    name: 'ProcessorConfig in an Iterator',
    definition: single({ Type: 'Map', End: true, Iterator: { ...scope({ It: pass() }), ProcessorConfig: {} } }),
    path: '$.States.Only.Iterator.ProcessorConfig',
    message: 'not allowed in a Map Iterator',
  },
  {
    name: 'Parallel without Branches',
    definition: parallel({}),
    path: '$.States.Only',
    message: "required field 'Branches'",
  },
  {
    name: 'Branches empty',
    definition: parallel({ Branches: [] }),
    path: '$.States.Only.Branches',
    message: 'non-empty array',
  },
  {
    name: 'branch not an object',
    definition: parallel({ Branches: [[scope({ B: pass() })]] }),
    path: '$.States.Only.Branches[0]',
    message: 'a Parallel branch must be an object',
  },
  {
    name: 'branch with an unknown field',
    definition: parallel({ Branches: [{ ...scope({ B: pass() }), Version: '1.0' }] }),
    path: '$.States.Only.Branches[0].Version',
    message: "field 'Version' is not allowed in a Parallel branch",
  },
  {
    name: 'branch StartAt unknown',
    definition: parallel({ Branches: [{ StartAt: 'X', States: { B: pass() } }] }),
    path: '$.States.Only.Branches[0].StartAt',
    message: "StartAt 'X' does not name a state",
  },
];

describe('validateDefinition: Map and Parallel', () => {
  it.each(mapAndParallelCases)('$name', expectProblem);

  it('accepts an inline Map with its optional fields', () => {
    const processor = { ...scope({ Item: pass() }), ProcessorConfig: { Mode: 'INLINE' } };
    expectValid(map({ ItemProcessor: processor, ItemsPath: '$.items', MaxConcurrency: 0, ToleratedFailureCount: 1 }));
    expectValid(map({ ItemSelector: { 'index.$': '$$.Map.Item.Index', 'value.$': '$$.Map.Item.Value' } }));
  });
});
