import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { definitionFormatOf } from '../core/definition/parse-definition.js';
import { prepareDefinition } from '../core/definition/prepare-definition.js';
import { isFlowText } from '../core/fdl/load-flow.js';
import { prepareAnyDefinition } from './definition-check.js';
import { UnwindError } from '../core/unwind-error.js';
import { stateMachineArn } from '../engine/arns.js';
import type { ServerContext } from './operation.js';

const DEFINITION_FILE = /(\.asl|\.flow)?\.(json|ya?ml)$/i;

export interface LoadedDefinitionFile {
  file: string;
  name: string;
  stateMachineArn: string;
  action: 'created' | 'updated' | 'unchanged';
}

/** `order-llt.asl.json` -> `order-llt` (characters AWS forbids in names become `-`). */
export function stateMachineNameOfFile(file: string): string {
  const name = basename(file).replace(DEFINITION_FILE, '');
  return name.replace(/[^\w.-]/g, '-').slice(0, 80) || 'state-machine';
}

/** The definition files a path names: the file itself, or a directory's `*.asl.json|*.json|*.yaml|*.yml` (not recursive). */
export function definitionFilesOf(path: string): string[] {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    throw new UnwindError('UsageError', `Cannot read definitions from ${path}: no such file or directory.`);
  }
  if (!isDirectory) return [path];
  return readdirSync(path)
    .filter((entry) => DEFINITION_FILE.test(entry))
    .sort()
    .map((entry) => join(path, entry))
    .filter((file) => statSync(file).isFile());
}

/**
 * The definition text to register: ASL as JSON (YAML converted), a flow (`type: flow`) as written, so
 * DescribeStateMachine shows it and sub-flows find it. InvalidDefinition naming the file and every problem.
 */
function definitionTextOf(file: string, substitutions: Readonly<Record<string, string>>): string {
  const text = readFileSync(file, 'utf8');
  const flow = isFlowText(text);
  const prepared = flow
    ? prepareAnyDefinition(text)
    : prepareDefinition(text, { format: definitionFormatOf(file), substitutions });
  if (prepared.problems.length > 0 || prepared.text === undefined) {
    const lines = prepared.problems.map((problem) => `  ${problem.path}: ${problem.message}`).join('\n');
    throw new UnwindError('InvalidDefinition', `${file} is not a valid definition:\n${lines}`, prepared.problems);
  }
  return flow ? text : prepared.text;
}

async function loadFile(
  context: ServerContext,
  file: string,
  substitutions: Readonly<Record<string, string>>,
): Promise<LoadedDefinitionFile> {
  const name = stateMachineNameOfFile(file);
  const definition = definitionTextOf(file, substitutions);
  const arn = stateMachineArn(context, name);
  const now = context.now();
  const { created, record } = await context.registry.createStateMachine({
    stateMachineArn: arn,
    name,
    type: 'STANDARD',
    definition,
    roleArn: `arn:aws:iam::${context.account}:role/unwind`,
    description: null,
    loggingConfiguration: null,
    tracingConfiguration: null,
    creationDate: now,
    updateDate: null,
    revisionId: randomUUID(),
  });
  if (created) return { file, name, stateMachineArn: arn, action: 'created' };
  if (record.definition === definition) return { file, name, stateMachineArn: arn, action: 'unchanged' };
  await context.registry.updateStateMachine(arn, { definition, updateDate: now, revisionId: randomUUID() });
  return { file, name, stateMachineArn: arn, action: 'updated' };
}

/**
 * Creates a state machine per definition file (named after the file), or updates it when the text
 * changed. Running executions keep the definition they started with.
 */
export async function loadDefinitionFiles(
  context: ServerContext,
  paths: readonly string[],
  substitutions: Readonly<Record<string, string>> = {},
): Promise<LoadedDefinitionFile[]> {
  const files = paths.flatMap(definitionFilesOf);
  const loaded: LoadedDefinitionFile[] = [];
  for (const file of files) loaded.push(await loadFile(context, file, substitutions));
  return loaded;
}
