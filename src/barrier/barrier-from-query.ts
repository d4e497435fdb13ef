import { BarrierFieldError } from './barrier-error.js';
import { checkBranchIdentity, type BarrierField } from './barrier-identity.js';
import { BranchBarrier } from './branch-barrier.js';

/** A parsed query string: `URLSearchParams`, or an object such as fastify's or express's `request.query`. */
export type BarrierQuery = URLSearchParams | Readonly<Record<string, unknown>>;

/**
 * The barrier of a DTM-style branch request, from its query string: `gid`, `trans_type`, `branch_id`
 * and `op` (what DTM and Unwind's DTM branch integration send). A missing, repeated, empty or too long
 * value throws a BarrierFieldError naming the parameter.
 */
export function barrierFromQuery(query: BarrierQuery): BranchBarrier {
  const identity = checkBranchIdentity({
    transType: single(query, 'trans_type'),
    gid: single(query, 'gid'),
    branchId: single(query, 'branch_id'),
    op: single(query, 'op'),
  });
  return new BranchBarrier(identity);
}

function single(query: BarrierQuery, name: BarrierField): string {
  const values = query instanceof URLSearchParams ? query.getAll(name) : listOf(query[name]);
  if (values.length === 0) throw new BarrierFieldError(name, 'is missing from the query string');
  if (values.length > 1) throw new BarrierFieldError(name, `is given ${values.length} times in the query string`);
  const [value] = values;
  if (typeof value !== 'string') throw new BarrierFieldError(name, `must be a string, got ${typeof value}`);
  return value;
}

function listOf(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? (value as unknown[]) : [value];
}
