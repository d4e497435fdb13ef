import { BarrierFieldError } from './barrier-error.js';

/** DTM's transaction types. */
export const TRANS_TYPES = ['saga', 'tcc', 'xa', 'msg', 'workflow'] as const;
export type TransType = (typeof TRANS_TYPES)[number];

/** The branch operations a barrier accepts, per transaction type (DTM's vocabulary). */
export const OPS_BY_TRANS_TYPE: Readonly<Record<TransType, readonly BranchOp[]>> = {
  saga: ['action', 'compensate'],
  tcc: ['try', 'confirm', 'cancel'],
  xa: ['action', 'commit', 'rollback'],
  msg: ['action', 'msg'],
  workflow: ['action', 'compensate', 'commit', 'rollback'],
};

export type BranchOp = 'action' | 'compensate' | 'try' | 'confirm' | 'cancel' | 'commit' | 'rollback' | 'msg';

/**
 * The forward op that a compensating op undoes: its row is fenced by the compensation, which is how a
 * null compensation and a hanging forward op are recognised. Other ops are only deduplicated.
 */
const FORWARD_OP_OF: Readonly<Partial<Record<BranchOp, BranchOp>>> = {
  compensate: 'action',
  cancel: 'try',
  rollback: 'action',
};

export function forwardOpOf(op: BranchOp): BranchOp | undefined {
  return FORWARD_OP_OF[op];
}

/** Who the barrier protects: one operation of one branch of one global transaction. */
export interface BranchIdentity {
  readonly transType: TransType;
  readonly gid: string;
  readonly branchId: string;
  readonly op: BranchOp;
}

/** Longest accepted values, in characters; the SQL adapters' columns are at least this wide. */
export const FIELD_LIMITS = { trans_type: 45, gid: 256, branch_id: 128, op: 45, barrier_id: 45 } as const;
export type BarrierField = keyof typeof FIELD_LIMITS;

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/** A non-empty, bounded string without control characters or surrounding whitespace; else a BarrierFieldError. */
export function checkBarrierField(field: BarrierField, value: unknown): string {
  if (typeof value !== 'string') throw new BarrierFieldError(field, `must be a string, got ${typeof value}`);
  if (value === '') throw new BarrierFieldError(field, 'must not be empty');
  const limit = FIELD_LIMITS[field];
  if (value.length > limit) {
    throw new BarrierFieldError(field, `is ${value.length} characters long; at most ${limit} are allowed`);
  }
  if (CONTROL_CHARACTER.test(value)) throw new BarrierFieldError(field, 'must not contain control characters');
  if (value.trim() !== value) throw new BarrierFieldError(field, 'must not start or end with whitespace');
  return value;
}

/** Checks every field of an identity (the op against its transaction type) and returns a frozen copy. */
export function checkBranchIdentity(identity: {
  transType: unknown;
  gid: unknown;
  branchId: unknown;
  op: unknown;
}): BranchIdentity {
  const transType = checkBarrierField('trans_type', identity.transType);
  if (!isTransType(transType)) {
    throw new BarrierFieldError('trans_type', `"${transType}" is not one of ${TRANS_TYPES.join(', ')}`);
  }
  const gid = checkBarrierField('gid', identity.gid);
  const branchId = checkBarrierField('branch_id', identity.branchId);
  const op = checkBarrierField('op', identity.op);
  const allowed = OPS_BY_TRANS_TYPE[transType];
  if (!allowed.includes(op as BranchOp)) {
    throw new BarrierFieldError('op', `"${op}" is not an op of trans_type ${transType} (${allowed.join(', ')})`);
  }
  return Object.freeze({ transType, gid, branchId, op: op as BranchOp });
}

function isTransType(value: string): value is TransType {
  return (TRANS_TYPES as readonly string[]).includes(value);
}
