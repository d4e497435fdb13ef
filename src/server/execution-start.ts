import { MAX_PAYLOAD_BYTES } from '../core/interpreter/data-limits.js';
import type { Json } from '../core/json.js';
import { UnwindError } from '../core/unwind-error.js';
import { executionArn as executionArnFor } from '../engine/arns.js';
import { requireMockTestCase } from '../engine/mocks/mock-start-check.js';
import { splitTestCaseArn } from '../engine/mocks/test-case-arn.js';
import type { ExecutionRecord } from '../store/store-port.js';
import { ApiError, validationError } from './api-error.js';
import { checkDefinition } from './definition-check.js';
import type { ServerContext } from './operation.js';
import { optionalString, requiredString, type Members } from './request-members.js';
import { findStateMachine, type ResolvedStateMachine } from './state-machine-lookup.js';
import { checkName } from './state-machine-members.js';

/** Execution input and output, and task output: at most 256 KiB of UTF-8 (AWS), the interpreter's limit. */
export { MAX_PAYLOAD_BYTES };

/** The `input` member: JSON text (default `{}`), InvalidExecutionInput when it is not JSON. */
export function executionInputOf(input: Members): Json {
  const text = optionalString(input, 'input', { max: MAX_PAYLOAD_BYTES, bytes: true }) ?? '{}';
  try {
    return JSON.parse(text) as Json;
  } catch (error) {
    throw new ApiError(
      'InvalidExecutionInput',
      `Invalid State Machine Execution Input: 'input' is not valid JSON: ${(error as Error).message}`,
    );
  }
}

/**
 * The test case of `<stateMachineArn>#<TestCase>` (Step Functions Local mock test cases), checked against
 * the engine's mock config before anything starts: ValidationException naming the test case when no
 * mock config is loaded or it has no such test case for the state machine.
 */
function checkTestCase(context: ServerContext, machineName: string, testCase: string): void {
  try {
    requireMockTestCase(context.engine.options.mockConfig, machineName, testCase);
  } catch (error) {
    if (error instanceof UnwindError) throw validationError(error.message);
    throw error;
  }
}

export interface StartedExecution {
  executionArn: string;
  /** epoch ms */
  startDate: number;
  resolved: ResolvedStateMachine;
}

/** A repeated StartExecution: the same response while the first is running with the same input (STANDARD only). */
function repeated(existing: ExecutionRecord, resolved: ResolvedStateMachine, inputText: string): StartedExecution {
  const idempotent =
    resolved.stateMachine.type === 'STANDARD' && existing.status === 'RUNNING' && existing.input === inputText;
  if (idempotent) return { executionArn: existing.executionArn, startDate: existing.startDate, resolved };
  throw new ApiError(
    'ExecutionAlreadyExists',
    `Execution Already Exists: '${existing.executionArn}' (${existing.status === 'RUNNING' ? 'with another input' : `it is ${existing.status}`})`,
  );
}

/** StartExecution and StartSyncExecution: resolves the state machine (or version) and starts an execution. */
export async function startExecutionOf(
  input: Members,
  context: ServerContext,
  /** Refuses a state machine before anything starts (StartSyncExecution: EXPRESS only). */
  accept: (resolved: ResolvedStateMachine) => void = () => undefined,
): Promise<StartedExecution> {
  const { stateMachineArn: arn, testCase } = splitTestCaseArn(
    requiredString(input, 'stateMachineArn', { min: 1, max: 2048 }),
  );
  const nameText = optionalString(input, 'name', { min: 1, max: 80 });
  const name = nameText === undefined ? undefined : checkName(nameText, 'name');
  optionalString(input, 'traceHeader', { max: 256 });
  const json = executionInputOf(input);
  const inputText = JSON.stringify(json);
  const resolved = await findStateMachine(context, arn);
  accept(resolved);
  const machineName = resolved.stateMachine.name;
  if (testCase !== undefined) checkTestCase(context, machineName, testCase);
  const arnIfNamed = name === undefined ? undefined : executionArnFor(context, machineName, name);
  const before = arnIfNamed === undefined ? undefined : await context.store.getExecution(arnIfNamed);
  if (before) return repeated(before, resolved, inputText);

  const checked = context.definitions?.get(resolved.definition) ?? checkDefinition(resolved.definition);
  try {
    const started = await context.engine.startExecutionDated({
      definition: checked.definition,
      definitionText: checked.text,
      stateMachineName: machineName,
      input: json,
      ...(name === undefined ? {} : { name }),
      ...(testCase === undefined ? {} : { mockTestCase: testCase }),
    });
    return { ...started, resolved };
  } catch (error) {
    const raced = error instanceof UnwindError && error.code === 'ExecutionAlreadyExists' && arnIfNamed;
    const existing = raced ? await context.store.getExecution(arnIfNamed) : undefined;
    if (existing) return repeated(existing, resolved, inputText);
    throw error;
  }
}
