import type { Json } from '../json.js';
import type { MappingSource, PathRoot, PathSegment } from './flow-types.js';

export type SourceParse = { ok: true; source: MappingSource } | { ok: false; problem: string };

const ROOTS: readonly [string, PathRoot][] = [
  ['$input', 'input'],
  ['$local', 'local'],
  ['$context', 'context'],
  ['$', 'dollar'],
];
const FIELD = /^\.([^.[\]\s`*]+)/;
const QUOTED = /^\[\s*(?:'((?:[^'\\`]|\\.)*)'|"((?:[^"\\`]|\\.)*)")\s*\]/;
const INDEX = /^\[\s*(-?\d+)\s*\]/;
const WILDCARD = /^\[\s*\*\s*\]/;

/** The `$context` fields a flow may read, and the Context Object field (`$states.context`) each one is. */
export const CONTEXT_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'task.token': ['Task', 'Token'],
  'execution.name': ['Execution', 'Name'],
  'execution.id': ['Execution', 'Id'],
  'execution.input': ['Execution', 'Input'],
  'flow.name': ['StateMachine', 'Name'],
};

function splitRoot(text: string): [PathRoot, string] | undefined {
  for (const [prefix, root] of ROOTS) {
    if (!text.startsWith(prefix)) continue;
    const rest = text.slice(prefix.length);
    if (rest === '' || rest.startsWith('.') || rest.startsWith('[')) return [root, rest];
  }
  return undefined;
}

function nextSegment(rest: string): [PathSegment, number] | undefined {
  const wildcard = WILDCARD.exec(rest);
  if (wildcard) return [{ kind: 'wildcard' }, wildcard[0].length];
  const field = FIELD.exec(rest);
  if (field?.[1] !== undefined) return [{ kind: 'field', name: field[1] }, field[0].length];
  const quoted = QUOTED.exec(rest);
  if (quoted) {
    const raw = quoted[1] ?? quoted[2] ?? '';
    return [{ kind: 'field', name: raw.replace(/\\(.)/g, '$1') }, quoted[0].length];
  }
  const index = INDEX.exec(rest);
  if (index?.[1] !== undefined) return [{ kind: 'index', index: Number(index[1]) }, index[0].length];
  return undefined;
}

function contextProblem(segments: PathSegment[]): string | undefined {
  const names = segments.slice(0, 2).map((segment) => (segment.kind === 'field' ? segment.name : '?'));
  if (CONTEXT_FIELDS[names.join('.')] !== undefined) return undefined;
  return `unsupported $context field '$context.${names.join('.')}' (supported: ${Object.keys(CONTEXT_FIELDS)
    .map((field) => `$context.${field}`)
    .join(', ')})`;
}

/** Parses a path such as `$input.a.b[0]`, `$local[*].name` or `$.x` (its segments after the root). */
export function parsePath(text: string): SourceParse {
  const split = splitRoot(text);
  if (!split) return { ok: false, problem: `'${text}' must start with $input, $local, $context or $.` };
  const [root, path] = split;
  const segments: PathSegment[] = [];
  let rest = path;
  while (rest.length > 0) {
    const next = nextSegment(rest);
    if (!next) {
      return {
        ok: false,
        problem: `invalid path '${text}' at '${rest}': use .name, ['name'], [index] or [*]`,
      };
    }
    segments.push(next[0]);
    rest = rest.slice(next[1]);
  }
  if (root === 'context') {
    const problem = contextProblem(segments);
    if (problem !== undefined) return { ok: false, problem };
  }
  return { ok: true, source: { kind: 'path', root, segments } };
}

/** A mapping source: a string starting with `$` is a path, anything else (any JSON) is a constant. */
export function parseMappingSource(value: Json): SourceParse {
  if (typeof value === 'string' && value.startsWith('$')) return parsePath(value);
  return { ok: true, source: { kind: 'constant', value } };
}
