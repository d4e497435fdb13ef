import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { StateMachineDefinition } from '../core/definition/asl-types.js';
import type { Snapshot } from '../core/interpreter/snapshot.js';
import type { Json } from '../core/json.js';
import type { TransitionContext } from '../core/interpreter/transition-context.js';
import type { ExecutionRecord, Store } from '../store/store-port.js';
import { stateMachineNameOf } from './arns.js';
import type { ResolvedEngineOptions } from './engine-options.js';

/** What the engine keeps of an execution between two of its transitions. */
export interface LoadedExecution {
  executionArn: string;
  name: string;
  input: Json;
  stateMachineArn: string;
  definition: StateMachineDefinition;
  snapshot: Snapshot;
  version: number;
}

export function definitionId(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Parsed definitions by id: the text of a stored definition was validated before it was stored. */
export class DefinitionCache {
  private readonly parsed = new Map<string, StateMachineDefinition>();

  remember(id: string, definition: StateMachineDefinition): void {
    this.parsed.set(id, definition);
  }

  async load(store: Store, id: string): Promise<StateMachineDefinition> {
    const known = this.parsed.get(id);
    if (known) return known;
    const record = await store.getDefinition(id);
    if (!record) throw new Error(`definition ${id} is missing from the store`);
    const definition = JSON.parse(record.text) as StateMachineDefinition;
    this.parsed.set(id, definition);
    return definition;
  }
}

export async function loadExecution(
  store: Store,
  definitions: DefinitionCache,
  record: ExecutionRecord,
): Promise<LoadedExecution> {
  return {
    executionArn: record.executionArn,
    name: record.name,
    input: JSON.parse(record.input) as Json,
    stateMachineArn: record.stateMachineArn,
    definition: await definitions.load(store, record.definitionId),
    snapshot: JSON.parse(record.snapshot) as Snapshot,
    version: record.version,
  };
}

export function transitionContext(
  options: ResolvedEngineOptions,
  execution: Pick<LoadedExecution, 'executionArn' | 'name' | 'stateMachineArn' | 'input'>,
  secret: Buffer,
): TransitionContext {
  return {
    now: options.clock.now(),
    executionArn: execution.executionArn,
    executionName: execution.name,
    executionInput: execution.input,
    stateMachineArn: execution.stateMachineArn,
    stateMachineName: stateMachineNameOf(execution.stateMachineArn),
    region: options.region,
    random: options.random,
    uuid: randomUUID,
    taskToken: (taskId) => taskTokenFor(secret, execution.executionArn, taskId),
  };
}

function tokenMac(secret: Buffer, executionArn: string, taskId: string): string {
  return createHmac('sha256', secret).update(`${executionArn}#${taskId}`).digest('base64url');
}

/**
 * A task token: `<execution ARN, base64url>.<task id>.<HMAC>`. Any engine on the database can
 * verify it (the secret is stored there) and find the execution without a lookup; the MAC makes
 * it unguessable. It is single-use because the task stops being awaited once answered.
 */
export function taskTokenFor(secret: Buffer, executionArn: string, taskId: string): string {
  return `${Buffer.from(executionArn).toString('base64url')}.${taskId}.${tokenMac(secret, executionArn, taskId)}`;
}

export function parseTaskToken(secret: Buffer, token: string): { executionArn: string; taskId: string } | undefined {
  const [arnPart, taskId, mac, ...rest] = token.split('.');
  if (!arnPart || !taskId || !mac || rest.length > 0) return undefined;
  const executionArn = Buffer.from(arnPart, 'base64url').toString();
  const expected = Buffer.from(tokenMac(secret, executionArn, taskId));
  const given = Buffer.from(mac);
  return expected.length === given.length && timingSafeEqual(expected, given) ? { executionArn, taskId } : undefined;
}
