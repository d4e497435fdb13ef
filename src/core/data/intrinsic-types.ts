import type { Json } from '../json.js';

/**
 * What intrinsics that are not pure need (States.UUID, States.MathRandom). The engine supplies
 * these so that core stays free of randomness and replays can reuse recorded values.
 */
export interface IntrinsicEnvironment {
  uuid?: () => string;
  /** A number in [0, 1), like Math.random. */
  random?: () => number;
}

/** A parsed intrinsic argument or call. String literals keep where their unescaped `{}` placeholders are. */
export type IntrinsicNode =
  | { kind: 'string'; value: string; pieces: readonly string[] }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'path'; path: string }
  | IntrinsicCallNode;

export interface IntrinsicCallNode {
  kind: 'call';
  name: string;
  args: readonly IntrinsicNode[];
}

/** An evaluated argument, with the syntax it came from (States.Format and States.JsonToString look at it). */
export interface IntrinsicArgument {
  value: Json;
  source: IntrinsicNode;
}

/** One call of an intrinsic function, its arguments already evaluated. */
export interface IntrinsicInvocation {
  name: string;
  args: readonly IntrinsicArgument[];
  environment: IntrinsicEnvironment;
}

export type IntrinsicImplementation = (call: IntrinsicInvocation) => Json;
