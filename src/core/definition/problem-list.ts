import type { DefinitionProblem } from '../states-error.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `$.States.Pay` for an identifier key, `$.States['Hello, World']` otherwise. */
export function childPath(parent: string, key: string): string {
  if (IDENTIFIER.test(key)) {
    return `${parent}.${key}`;
  }
  const quoted = key.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
  return `${parent}['${quoted}']`;
}

/** `$.States.P.Branches[0]`. */
export function indexPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}

/** Collects every problem found in a definition, in the order found. */
export class ProblemList {
  readonly items: DefinitionProblem[] = [];

  add(path: string, message: string): void {
    this.items.push({ path, message });
  }
}
