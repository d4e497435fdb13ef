/**
 * What each intrinsic function accepts. Literal arguments are checked against these
 * kinds; paths and nested calls are only known at run time.
 */
export type ParameterKind = 'any' | 'string' | 'number' | 'boolean' | 'array' | 'object' | 'path';

export interface IntrinsicSignature {
  params: readonly ParameterKind[];
  /** How many trailing parameters may be left out. */
  optional?: number;
  /** The kind of any further arguments (variadic functions). */
  rest?: ParameterKind;
}

export const INTRINSIC_SIGNATURES: Readonly<Record<string, IntrinsicSignature>> = {
  'States.Format': { params: ['string'], rest: 'any' },
  'States.StringToJson': { params: ['string'] },
  'States.JsonToString': { params: ['path'] },
  'States.Array': { params: [], rest: 'any' },
  'States.ArrayPartition': { params: ['array', 'number'] },
  'States.ArrayContains': { params: ['array', 'any'] },
  'States.ArrayRange': { params: ['number', 'number', 'number'] },
  'States.ArrayGetItem': { params: ['array', 'number'] },
  'States.ArrayLength': { params: ['array'] },
  'States.ArrayUnique': { params: ['array'] },
  'States.Base64Encode': { params: ['string'] },
  'States.Base64Decode': { params: ['string'] },
  'States.Hash': { params: ['any', 'string'] },
  'States.JsonMerge': { params: ['object', 'object', 'boolean'] },
  'States.MathRandom': { params: ['number', 'number', 'number'], optional: 1 },
  'States.MathAdd': { params: ['number', 'number'] },
  'States.StringSplit': { params: ['string', 'string'] },
  'States.UUID': { params: [] },
};
