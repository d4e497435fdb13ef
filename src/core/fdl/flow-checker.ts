import type { Json } from '../json.js';
import type { DefinitionProblem } from '../states-error.js';
import { childPath, indexPath } from '../definition/problem-list.js';
import { entryOf, toJson, type Position, type YamlEntry, type YamlValue } from './yaml-tree.js';

/** A value under check: its tree node and its JSON path (`$.steps[2].catch[0].goto`). */
export interface Checked {
  value: YamlValue;
  path: string;
}

export type MapValue = Extract<YamlValue, { kind: 'map' }>;
export type SeqValue = Extract<YamlValue, { kind: 'seq' }>;

export function located(message: string, position: Position): string {
  return `${message} (line ${position.line}, column ${position.column})`;
}

/** Collects every problem of a flow, each with its JSON path, line and column. */
export class FlowChecker {
  readonly problems: DefinitionProblem[] = [];

  report(path: string, position: Position, message: string): void {
    this.problems.push({ path, message: located(message, position) });
  }

  /** The node as a map, or undefined after reporting it. */
  map(node: Checked, what: string): MapValue | undefined {
    if (node.value.kind === 'map') return node.value;
    this.report(node.path, node.value.position, `${what} must be a map of fields`);
    return undefined;
  }

  /** The node as a list, or undefined after reporting it. */
  list(node: Checked, what: string): SeqValue | undefined {
    if (node.value.kind === 'seq') return node.value;
    this.report(node.path, node.value.position, `${what} must be a list`);
    return undefined;
  }

  items(node: Checked, what: string): Checked[] {
    const list = this.list(node, what);
    return list ? list.items.map((value, index) => ({ value, path: indexPath(node.path, index) })) : [];
  }

  /** Reports fields that are not allowed, and keys that repeat. */
  fields(node: Checked, map: MapValue, allowed: readonly string[], what: string): void {
    const seen = new Set<string>();
    for (const entry of map.entries) {
      const path = childPath(node.path, entry.key);
      if (seen.has(entry.key)) this.report(path, entry.keyPosition, `duplicate key '${entry.key}'`);
      seen.add(entry.key);
      if (!allowed.includes(entry.key)) {
        this.report(
          path,
          entry.keyPosition,
          `unknown field '${entry.key}' in ${what} (allowed: ${allowed.join(', ')})`,
        );
      }
    }
  }

  field(node: Checked, key: string): Checked | undefined {
    const entry: YamlEntry | undefined = entryOf(node.value, key);
    return entry ? { value: entry.value, path: childPath(node.path, key) } : undefined;
  }

  required(node: Checked, key: string, what: string): Checked | undefined {
    const found = this.field(node, key);
    if (!found) this.report(childPath(node.path, key), node.value.position, `${what} needs '${key}'`);
    return found;
  }

  string(node: Checked | undefined, what: string): string | undefined {
    if (!node) return undefined;
    if (node.value.kind === 'scalar' && typeof node.value.value === 'string') return node.value.value;
    this.report(node.path, node.value.position, `${what} must be a string`);
    return undefined;
  }

  boolean(node: Checked | undefined, what: string): boolean | undefined {
    if (!node) return undefined;
    if (node.value.kind === 'scalar' && typeof node.value.value === 'boolean') return node.value.value;
    this.report(node.path, node.value.position, `${what} must be true or false`);
    return undefined;
  }

  number(
    node: Checked | undefined,
    what: string,
    range: { min: number; max: number; integer: boolean },
  ): number | undefined {
    if (!node) return undefined;
    const value = node.value.kind === 'scalar' ? node.value.value : undefined;
    const ok =
      typeof value === 'number' &&
      value >= range.min &&
      value <= range.max &&
      (!range.integer || Number.isInteger(value));
    if (ok) return value;
    const kind = range.integer ? 'an integer' : 'a number';
    this.report(node.path, node.value.position, `${what} must be ${kind} from ${range.min} to ${range.max}`);
    return undefined;
  }

  json(node: Checked): Json {
    return toJson(node.value);
  }
}
