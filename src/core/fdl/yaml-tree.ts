import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { Json } from '../json.js';

/** Where a node starts in the text, 1-based. */
export interface Position {
  line: number;
  column: number;
}

export interface YamlEntry {
  key: string;
  keyPosition: Position;
  value: YamlValue;
}

/** A YAML node reduced to what JSON can hold, each part with its position. */
export type YamlValue =
  | { kind: 'map'; position: Position; entries: YamlEntry[] }
  | { kind: 'seq'; position: Position; items: YamlValue[] }
  | { kind: 'scalar'; position: Position; value: string | number | boolean | null };

export interface YamlProblem {
  position: Position;
  message: string;
}

export interface YamlTree {
  root?: YamlValue;
  problems: YamlProblem[];
}

const PARSE_OPTIONS = { version: '1.2', schema: 'core', uniqueKeys: false, merge: false, prettyErrors: false } as const;
/** How deep aliases may nest (guards against documents that expand without bound). */
const MAX_ALIAS_DEPTH = 20;

class TreeBuilder {
  readonly problems: YamlProblem[] = [];

  constructor(
    private readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
  ) {}

  position(node: unknown): Position {
    const range = (node as { range?: readonly number[] | null } | null | undefined)?.range;
    const { line, col } = this.lines.linePos(range?.[0] ?? 0);
    return { line, column: col };
  }

  build(node: unknown, aliasDepth: number): YamlValue {
    const position = this.position(node);
    if (isAlias(node)) {
      if (aliasDepth >= MAX_ALIAS_DEPTH) {
        this.problems.push({ position, message: 'aliases nest too deeply' });
        return { kind: 'scalar', position, value: null };
      }
      return this.build(node.resolve(this.doc), aliasDepth + 1);
    }
    if (isMap(node)) {
      const entries: YamlEntry[] = [];
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? pair.key.value : undefined;
        if (typeof key !== 'string' && typeof key !== 'number' && typeof key !== 'boolean') {
          this.problems.push({ position: this.position(pair.key), message: 'a key must be a string' });
          continue;
        }
        entries.push({
          key: String(key),
          keyPosition: this.position(pair.key),
          value: this.build(pair.value, aliasDepth),
        });
      }
      return { kind: 'map', position, entries };
    }
    if (isSeq(node)) return { kind: 'seq', position, items: node.items.map((item) => this.build(item, aliasDepth)) };
    if (isScalar(node)) return { kind: 'scalar', position, value: this.scalar(node.value, position) };
    return { kind: 'scalar', position, value: null };
  }

  private scalar(value: unknown, position: Position): string | number | boolean | null {
    if (value === null || value === undefined || typeof value === 'string' || typeof value === 'boolean') {
      return value ?? null;
    }
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    this.problems.push({ position, message: 'the value is not JSON (a string, number, boolean or null)' });
    return null;
  }
}

/** Parses YAML (or JSON) text into a tree of positioned values; syntax errors come back as problems. */
export function parseYamlTree(text: string): YamlTree {
  const lines = new LineCounter();
  const doc = parseDocument(text, { ...PARSE_OPTIONS, lineCounter: lines });
  const syntax = [...doc.errors, ...doc.warnings].map((error) => {
    const { line, col } = lines.linePos(error.pos[0]);
    return { position: { line, column: col }, message: `invalid YAML: ${error.message.split('\n')[0] ?? ''}` };
  });
  if (syntax.length > 0) return { problems: syntax };
  const builder = new TreeBuilder(doc, lines);
  const root = builder.build(doc.contents, 0);
  return { root, problems: builder.problems };
}

/** The plain JSON of a tree value (later duplicate keys win). */
export function toJson(value: YamlValue): Json {
  if (value.kind === 'scalar') return value.value;
  if (value.kind === 'seq') return value.items.map(toJson);
  const result: Record<string, Json> = {};
  for (const entry of value.entries) {
    Object.defineProperty(result, entry.key, { value: toJson(entry.value), enumerable: true, writable: true });
  }
  return result;
}

/** The entry of a map with this key (the last one when a key repeats). */
export function entryOf(value: YamlValue, key: string): YamlEntry | undefined {
  if (value.kind !== 'map') return undefined;
  return value.entries.filter((entry) => entry.key === key).pop();
}
