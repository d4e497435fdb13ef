import type { Mapping, MappingSource, PathSegment } from './flow-types.js';
import { CONTEXT_FIELDS } from './mapping-source.js';

/**
 * The JSONata expressions a mapping's `$input`, `$local` and `$` stand for where it is evaluated
 * (a variable such as `$v0_in`, `$states.input`, `$states.result`, or a literal such as `{}`).
 */
export interface MappingRoots {
  input: string;
  local: string;
  /** `$.path`: defaults to `input`. */
  dollar?: string;
}

/** A JSON value as a JSONata literal (JSON is valid JSONata). */
export function literal(value: unknown): string {
  return JSON.stringify(value ?? null);
}

function segmentExpression(segment: PathSegment): string {
  if (segment.kind === 'field') return `.\`${segment.name}\``;
  if (segment.kind === 'index') return `[${segment.index}]`;
  return '';
}

function contextExpression(segments: PathSegment[]): string {
  const head = segments
    .slice(0, 2)
    .map((segment) => (segment.kind === 'field' ? segment.name : ''))
    .join('.');
  const fields = CONTEXT_FIELDS[head] ?? [];
  return `$states.context${fields.map((field) => `.\`${field}\``).join('')}${segments.slice(2).map(segmentExpression).join('')}`;
}

/** A path or constant source as a JSONata expression over `roots`. `[*]` keeps the result an array. */
export function sourceExpression(source: MappingSource, roots: MappingRoots): string {
  if (source.kind === 'constant') return literal(source.value);
  if (source.root === 'context') return contextExpression(source.segments);
  const base =
    source.root === 'local' ? roots.local : source.root === 'input' ? roots.input : (roots.dollar ?? roots.input);
  const path = source.segments.map(segmentExpression).join('');
  if (path === '') return `(${base})`;
  const expression = `(${base})${path}`;
  return source.segments.some((segment) => segment.kind === 'wildcard')
    ? `($w := ${expression}[]; $exists($w) ? $w : [])`
    : expression;
}

/** Whether a source reads the task token (only a task's own Arguments can). */
export function readsTaskToken(source: MappingSource): boolean {
  if (source.kind !== 'path' || source.root !== 'context') return false;
  const first = source.segments[0];
  return first?.kind === 'field' && first.name === 'task';
}

/** `{ "target": source, ... }` as a JSONata object constructor (absent values leave their key out). */
export function mappingsExpression(mappings: readonly Mapping[], roots: MappingRoots): string {
  const fields = mappings.map((mapping) => `${literal(mapping.target)}: ${sourceExpression(mapping.source, roots)}`);
  return `{${fields.join(', ')}}`;
}
