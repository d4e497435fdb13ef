import type { StepType } from './flow-types.js';

/**
 * What a state of a compiled flow stands for, kept in its `Comment` so that the history of an
 * execution can be told in the flow's own words (see flow-history.ts):
 * - `flow`: the machine itself (the top-level Comment);
 * - `step`: the state that runs a step (for a choice: where it picks a branch);
 * - `flow-start`, `branch-start`, `iteration-start`: bookkeeping states that set a scope's `$input` and `$local`;
 * - `choice-exit`: where a choice step ends, once the branch it picked has run.
 */
export type FlowMetadata =
  | { fdl: 'flow'; version: string }
  | { fdl: 'step'; type: StepType; name: string }
  | { fdl: 'flow-start' }
  | { fdl: 'branch-start'; name: string; index: number }
  | { fdl: 'iteration-start'; name: string }
  | { fdl: 'choice-exit'; name: string; state: string };

const PREFIX = 'fdl ';

export function metadataComment(metadata: FlowMetadata): string {
  return `${PREFIX}${JSON.stringify(metadata)}`;
}

/** The metadata in a Comment written by metadataComment, else undefined. */
export function readMetadata(comment: unknown): FlowMetadata | undefined {
  if (typeof comment !== 'string' || !comment.startsWith(PREFIX)) return undefined;
  try {
    const value = JSON.parse(comment.slice(PREFIX.length)) as unknown;
    return typeof value === 'object' && value !== null && 'fdl' in value ? (value as FlowMetadata) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a state machine definition was compiled from a flow. */
export function isCompiledFlow(definition: { Comment?: unknown }): boolean {
  return readMetadata(definition.Comment)?.fdl === 'flow';
}
