import type { JsonObject } from '../json.js';
import type { StateType } from './asl-types.js';
import type { ProblemList } from './problem-list.js';
import type { FieldTable, QueryLanguage } from './state-fields.js';

/** State shared by the whole validation of one definition. */
export interface ValidationContext {
  problems: ProblemList;
  /** The language of the machine, which is also the default of every nested state. */
  machineLanguage: QueryLanguage;
  allowJsonata: boolean;
  /** Every state name seen so far, with the path where it was first defined. */
  stateNames: Map<string, string>;
  /** Validates a nested scope (a Parallel branch, a Map ItemProcessor); passed in to avoid an import cycle. */
  validateScope: (scope: unknown, path: string, fields: FieldTable, where: string) => void;
}

/** One JSON object under validation: a state, a retrier, a catcher, a Choice rule... */
export interface NodeInput {
  ctx: ValidationContext;
  node: JsonObject;
  path: string;
  language: QueryLanguage;
}

export interface StateInput extends NodeInput {
  name: string;
  type: StateType;
}
