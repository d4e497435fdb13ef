import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDefinitionText } from '../../../src/core/definition/parse-definition.js';
import { findPlaceholders, substitutePlaceholders } from '../../../src/core/definition/substitute-placeholders.js';
import { validateDefinition } from '../../../src/core/definition/validate-definition.js';
import type { Json } from '../../../src/core/json.js';
import type { DefinitionProblem } from '../../../src/core/states-error.js';

/** /work/shared/conformance, next to the repository (tests/core/definition → ../../../../shared). */
const CONFORMANCE_DIR = fileURLToPath(new URL('../../../../shared/conformance/', import.meta.url));
const available = existsSync(CONFORMANCE_DIR);
if (!available && process.env.CI === 'true') {
  throw new Error(`CI must run the conformance tests, but ${CONFORMANCE_DIR} is absent`);
}
if (!available) {
  console.warn(`conformance tests skipped: ${CONFORMANCE_DIR} is absent (see docs/asl-coverage.md)`);
}

type Expectation = 'valid' | 'invalid';

const DISTRIBUTED_MAP = 'Distributed Map (Mode DISTRIBUTED, ItemReader, ItemBatcher, ResultWriter) is not supported';
const JSON_PATH_DOT_BRACKET = "JSONPath parser (src/core/data/json-path) rejects '.[' as in '$.[0]', which AWS accepts";
const JSON_PATH_BARE_WORD =
  'JSONPath parser (src/core/data/json-path) rejects unquoted words in filters ([?(@.a == Word)])';

/**
 * Conformance cases this validator does not honour on purpose, with the reason. Each one is
 * still run, expecting the opposite outcome, so that the list cannot go stale: when a case
 * starts to conform, its test fails and the entry must be removed. Mirrored in docs/asl-coverage.md.
 */
const EXCLUDED: Readonly<Record<string, string>> = {
  'asl-validator/valid-map-distributed.asl.json': DISTRIBUTED_MAP,
  'asl-validator/valid-map-noconfig.asl.json': `${DISTRIBUTED_MAP} (ItemReader and ResultWriter without a Mode)`,
  'asl-validator/valid-map-with-item-batcher.json': DISTRIBUTED_MAP,
  'asl-validator/valid-map-with-item-batcher-jsonata.json': `${DISTRIBUTED_MAP}; it also puts a JSONPath state in a JSONata machine, which AWS rejects`,
  'asl-validator/valid-task-intrisic-function.json':
    'Resource given as a CloudFormation object ({"Ref": ...}, {"Fn::GetAtt": ...}); the engine needs a Resource string',
  'asl-validator/valid-current-value-predicate.json': JSON_PATH_BARE_WORD,
  'asl-validator/valid-path-array-context.json':
    'JSONPath parser (src/core/data/json-path) does not support script expressions such as $[(@.length-1)]',
  'asl-validator/valid-assign.asl.json':
    "variable name 'top-level': AWS requires Unicode identifiers (ID_Start, then ID_Continue), so no '-'",
  'asl-validator/invalid-json-surround-syntax-extra-spaces.json':
    'whitespace (newlines included) inside {% %} is accepted: the spec only fixes the delimiters',
  'asl-validator/invalid-jsonata-surround-syntax-no-spaces.json':
    'whitespace inside {% %} is optional: AWS samples (bedrock-evaluations-sam, distributed-data-stream-aggregator) omit it',
  'workflows-collection/sfn-iot-data-analytics-dataset__statemachine__statemachine.asl.json':
    'the upstream sample is not valid JSON ("Messages": "Messages.$": ...)',
  'workflows-collection/shared-fallback-state-jsonata__statemachine__statemachine.asl.json':
    'the upstream sample puts "QueryLanguage" inside "States", where it is read as a state that is not an object',
  'workflows-collection/account-vending-machine__statemachine__statemachine.asl.json': JSON_PATH_DOT_BRACKET,
  'workflows-collection/ec2-instance-isolation-cdk__python__statemachine__statemachine.asl.json': JSON_PATH_DOT_BRACKET,
  'workflows-collection/ec2-instance-isolation-sam__statemachine__statemachine.asl.json': JSON_PATH_DOT_BRACKET,
  'workflows-collection/idempotent-workflow-sam__statemachine__statemachine.asl.json': JSON_PATH_DOT_BRACKET,
  'workflows-collection/idempotent-workflow__statemachine__statemachine.asl.json': JSON_PATH_DOT_BRACKET,
  'workflows-collection/s3-glacier-multi-file-restore-sam__statemachine__statemachine.asl.json': JSON_PATH_DOT_BRACKET,
  'workflows-collection/textract-analyze-expense-tf__statemachine__statemachine.asl.json': JSON_PATH_BARE_WORD,
  ...Object.fromEntries(
    [
      'distributed-data-stream-aggregator__statemachine__statemachine',
      'distributed-map-csv-iterator-tf__statemachines__statemachine',
      'distributed-map-csv-iterator__sam__statemachine',
      'distributed-map-csv-iterator__statemachine__statemachine',
      'distributed-map-montecarlo__statemachine__statemachine',
      'distributed-map-state-gif-generator__statemachine__workflow',
      'eventbridge-rules-to-schedules__statemachine__statemachine',
      'ingest-and-analyze-historical-storm-events__statemachine__statemachine',
      'migrate-csv-to-ddb-distributed-map-main__statemachine__statemachine',
      's3-bucket-nested-distributed-map__statemachine__statemachine',
      'sfn-bedrock-describe-assets__statemachine__statemachine',
      'sfn-dynamodb-batchwriteitem__statemachine__statemachine',
      'sfn-eks-inventory__statemachine__statemachine',
      'sfn-rekognition-video-catalog-workflow__statemachine__statemachine',
      'step-functions-load-testing__statemachine__load-generator-statemachine',
    ].map((name) => [`workflows-collection/${name}.asl.json`, DISTRIBUTED_MAP]),
  ),
};

interface ConformanceCase {
  id: string;
  file: string;
  expected: Expectation;
  /** Fill every `${...}` placeholder (through substitutePlaceholders) before validating. */
  substitute?: boolean;
}

const ARN_PREFIX = 'arn:aws:lambda:us-east-1:123456789012:function:';

/**
 * A plausible value for every placeholder of a definition: a Lambda ARN for a placeholder that is always
 * a whole string (`"Resource": "${Fn}"`), a plain name for one inside a longer string (`arn:${Partition}:...`).
 */
function plausibleSubstitutions(definition: Json): Record<string, string> {
  const uses = findPlaceholders(definition);
  const embedded = new Set(uses.filter((use) => !use.whole).map((use) => use.name));
  const sanitize = (name: string) => name.replace(/[^A-Za-z0-9_-]/g, '-');
  return Object.fromEntries(
    uses.map(({ name }) => [name, embedded.has(name) ? sanitize(name) : `${ARN_PREFIX}${sanitize(name)}`]),
  );
}

function check(text: string, fileName: string, substitute = false): DefinitionProblem[] {
  const parsed = parseDefinitionText(text, fileName);
  if (parsed.definition === undefined) {
    return parsed.problems;
  }
  let definition = parsed.definition as Json;
  const problems = [...parsed.problems];
  if (substitute) {
    const substituted = substitutePlaceholders(definition, plausibleSubstitutions(definition));
    definition = substituted.definition;
    problems.push(...substituted.problems);
  }
  return [...problems, ...validateDefinition(definition, { allowJsonata: true })];
}

function listCases(): ConformanceCase[] {
  if (!available) {
    return [];
  }
  const inDir = (dir: string) => readdirSync(`${CONFORMANCE_DIR}${dir}`).filter((name) => name.endsWith('.json'));
  const aslValidator = inDir('asl-validator').map((name): ConformanceCase => ({
    id: `asl-validator/${name}`,
    file: `asl-validator/${name}`,
    expected: name.startsWith('valid-') ? 'valid' : 'invalid',
  }));
  const statelintExpected = JSON.parse(readFileSync(`${CONFORMANCE_DIR}statelint/expected.json`, 'utf8')) as Record<
    string,
    Expectation
  >;
  const statelint = Object.entries(statelintExpected).map(([name, expected]) => ({
    id: `statelint/${name}`,
    file: `statelint/${name}`,
    expected,
  }));
  const collection = readdirSync(`${CONFORMANCE_DIR}aws-samples/workflows-collection`)
    .filter((name) => name.endsWith('.asl.json'))
    .map((name): ConformanceCase => ({
      id: `workflows-collection/${name}`,
      file: `aws-samples/workflows-collection/${name}`,
      expected: 'valid',
      substitute: true,
    }));
  return [...aslValidator, ...statelint, ...collection];
}

function describeProblems(problems: DefinitionProblem[]): string {
  return problems.map((problem) => `${problem.path}: ${problem.message}`).join('\n');
}

function runCase(testCase: ConformanceCase, expected: Expectation): void {
  const raw = readFileSync(`${CONFORMANCE_DIR}${testCase.file}`, 'utf8');
  const problems = check(raw, testCase.file, testCase.substitute);
  if (expected === 'valid') {
    expect(describeProblems(problems)).toBe('');
  } else {
    expect(problems.length).toBeGreaterThan(0);
  }
}

const cases = listCases();
const opposite = (expected: Expectation): Expectation => (expected === 'valid' ? 'invalid' : 'valid');

describe.skipIf(!available)('ASL conformance material (/work/shared/conformance)', () => {
  it('finds the three corpora', () => {
    expect(cases.filter((c) => c.id.startsWith('asl-validator/')).length).toBeGreaterThan(100);
    expect(cases.filter((c) => c.id.startsWith('statelint/')).length).toBeGreaterThan(70);
    expect(cases.filter((c) => c.id.startsWith('workflows-collection/')).length).toBeGreaterThan(160);
  });

  it('lists only exclusions that exist', () => {
    const ids = new Set(cases.map((c) => c.id));
    expect(Object.keys(EXCLUDED).filter((id) => !ids.has(id))).toEqual([]);
  });

  it('parses and validates the long-lived-transaction saga (YAML, JSONata) once its placeholders are filled', () => {
    const file = 'aws-samples/llt/llt.asl.yaml';
    const raw = readFileSync(`${CONFORMANCE_DIR}${file}`, 'utf8');
    const parsed = parseDefinitionText(raw, file);
    expect(parsed.problems).toEqual([]);
    const names = [...new Set(findPlaceholders(parsed.definition as Json).map((use) => use.name))].sort();
    expect(names).toEqual([
      'CreditPaymentFunction',
      'DebitPaymentFunction',
      'NewOrderFunction',
      'ReleaseInventoryFunction',
      'ReserveInventoryFunction',
      'SagaTopic',
      'UpdateOrderFunction',
    ]);
    expect(describeProblems(check(raw, file, true))).toBe('');
    const unfilled = substitutePlaceholders(parsed.definition as Json, { SagaTopic: 'arn:aws:sns:::saga' }).problems;
    expect(describeProblems(unfilled)).toContain(
      '$.States.ProcessOrder.Arguments.FunctionName: unfilled placeholder ${NewOrderFunction}',
    );
    expect(unfilled).toHaveLength(6);
  });

  for (const testCase of cases) {
    const reason = EXCLUDED[testCase.id];
    if (reason === undefined) {
      it(`${testCase.id} is ${testCase.expected}`, () => runCase(testCase, testCase.expected));
    } else {
      it(`excluded: ${testCase.id} (${reason}) still does not conform`, () =>
        runCase(testCase, opposite(testCase.expected)));
    }
  }
});
