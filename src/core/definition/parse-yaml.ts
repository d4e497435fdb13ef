import { isAlias, isCollection, isMap, isScalar, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import type { Json } from '../json.js';
import type { DefinitionProblem } from '../states-error.js';
import { lineColumn } from './json-text-parser.js';
import { childPath, indexPath } from './problem-list.js';

const MAP_TAG = 'tag:yaml.org,2002:map';
const SEQ_TAG = 'tag:yaml.org,2002:seq';
/** How many alias expansions one document may need (guards against "billion laughs" documents). */
const MAX_ALIAS_COUNT = 100;

/**
 * YAML 1.2 with the core schema: `2024-01-01T00:00:00Z`, `yes` and `on` stay strings. Duplicate keys are
 * found by our own walk (below), which knows the JSON path of each map; merge keys (`<<: *anchor`) apply.
 */
const PARSE_OPTIONS = { version: '1.2', schema: 'core', uniqueKeys: false, merge: true, prettyErrors: false } as const;

type Problems = DefinitionProblem[];

function located(text: string, message: string, offset: number): string {
  const { line, column } = lineColumn(text, offset);
  return `${message} (line ${line}, column ${column})`;
}

function keyName(key: unknown): string | undefined {
  if (!isScalar(key)) return undefined;
  const value = key.value;
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : undefined;
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && typeof key.value === 'symbol';
}

function scalarProblem(value: unknown): string | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${value} is not a JSON number`;
  return 'the value is not JSON (a string, number, boolean or null): remove its YAML tag or quote it';
}

/** Walks the YAML nodes (not following aliases) for what JSON cannot hold, and for duplicate keys. */
class YamlChecker {
  readonly problems: Problems = [];

  constructor(private readonly text: string) {}

  /** `node` is a YAML node (or a missing key); its range gives the line and column. */
  private add(path: string, message: string, node: unknown): void {
    const range = (node as { range?: readonly number[] | null } | null | undefined)?.range;
    this.problems.push({ path, message: located(this.text, message, range?.[0] ?? 0) });
  }

  check(node: YamlNode | null | undefined, path: string): void {
    if (node === null || node === undefined || isAlias(node)) return;
    if (isScalar(node)) {
      const problem = scalarProblem(node.value);
      if (problem !== undefined) this.add(path, problem, node);
      return;
    }
    if (!isCollection(node)) return;
    const allowed = isMap(node) ? MAP_TAG : SEQ_TAG;
    if (node.tag !== undefined && node.tag !== allowed) {
      this.add(path, `YAML tag ${node.tag} has no JSON equivalent`, node);
      return;
    }
    if (isMap(node)) this.checkMap(node.items, path);
    else node.items.forEach((item, index) => this.check(item as YamlNode, indexPath(path, index)));
  }

  private checkMap(pairs: { key: unknown; value: unknown }[], path: string): void {
    const seen = new Set<string>();
    for (const { key, value } of pairs) {
      if (isMergeKey(key)) {
        this.check(value as YamlNode, path);
        continue;
      }
      const name = keyName(key);
      if (name === undefined) {
        this.add(path, 'a key must be a string, number or boolean', key);
        continue;
      }
      if (seen.has(name)) this.add(path, `duplicate key '${name}'`, key);
      seen.add(name);
      this.check(value as YamlNode, childPath(path, name));
    }
  }
}

/** A copy of a value built by the YAML library, as plain JSON; throws on a cycle (an alias inside its anchor). */
function plainJson(value: unknown, ancestors: Set<unknown>): Json {
  if (value === null || typeof value !== 'object') return (value ?? null) as Json;
  if (ancestors.has(value)) throw new RangeError('a YAML alias refers to a node that contains it');
  ancestors.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => plainJson(item, ancestors));
    const copy: Record<string, Json> = {};
    for (const [key, item] of Object.entries(value)) {
      Object.defineProperty(copy, key, { value: plainJson(item, ancestors), enumerable: true, writable: true });
    }
    return copy;
  } finally {
    ancestors.delete(value);
  }
}

function toJson(doc: Document.Parsed): { definition?: Json; problems: Problems } {
  try {
    return { definition: plainJson(doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), new Set()), problems: [] };
  } catch (error) {
    return { problems: [{ path: '$', message: `invalid YAML: ${(error as Error).message}` }] };
  }
}

/**
 * Parses the YAML text of a definition into plain JSON. Every syntax error is reported at `$` with its
 * line and column; duplicate keys and values JSON cannot hold (`.inf`, `!!binary`, `!!timestamp`, tags such
 * as CloudFormation's `!Ref`, keys that are maps or lists) are reported at their JSON path. `definition` is
 * absent when the text is not valid YAML or holds a value JSON cannot; with duplicate keys it is still
 * returned (later duplicates win).
 */
export function parseYamlDefinition(text: string): { definition?: Json; problems: Problems } {
  const doc = parseDocument(text, PARSE_OPTIONS);
  const syntax = [...doc.errors, ...doc.warnings].map((error) => {
    const reason = error.code === 'MULTIPLE_DOCS' ? 'a definition is a single YAML document (one ---)' : error.message;
    return { path: '$', message: located(text, `invalid YAML: ${reason}`, error.pos[0]) };
  });
  if (syntax.length > 0) return { problems: syntax };
  const checker = new YamlChecker(text);
  checker.check(doc.contents, '$');
  const duplicates = checker.problems.filter((problem) => problem.message.startsWith('duplicate key'));
  if (duplicates.length < checker.problems.length) return { problems: checker.problems };
  const converted = toJson(doc);
  return { ...converted, problems: [...duplicates, ...converted.problems] };
}
