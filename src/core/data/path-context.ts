import type { Json } from '../json.js';

/**
 * What a JSONPath expression can read: `$` is `input`, `$$` is `context`
 * (the Context Object). `variables` is reserved for ASL variables (`$name`).
 */
export interface PathContext {
  input: Json;
  context: Json;
  variables?: Readonly<Record<string, Json>>;
}
