import { createHash } from 'node:crypto';

/**
 * A database that takes part in XA branches: phase one runs the branch's work in a local
 * transaction and prepares it under `xid`; phase two commits or rolls back the prepared
 * transaction, from any process (so a restarted engine can finish what a dead one prepared).
 * `commit` and `rollback` must succeed when the transaction is already gone (finished before).
 */
export interface XaResource<C> {
  /** For messages: `postgres`, `mysql`, ... */
  readonly name: string;
  /** Begins a transaction, runs `work` on its connection, and prepares it; on any error, rolls it back. */
  prepare<T>(xid: string, work: (connection: C) => Promise<T>): Promise<T>;
  commit(xid: string): Promise<void>;
  rollback(xid: string): Promise<void>;
  /** Whether a transaction is prepared under `xid` (and neither committed nor rolled back). */
  isPrepared(xid: string): Promise<boolean>;
}

/** Longest transaction id both MySQL (gtrid: 64 bytes) and PostgreSQL (200 bytes) accept. */
const MAX_XID_LENGTH = 64;
const SAFE_XID_PART = /^[A-Za-z0-9._-]+$/;

/**
 * The prepared transaction's id, derived from the gid and branch name only, so recovery after a crash
 * finds it again: `<gid>:<branch>` when both are plain and short enough, else `unwind-<sha256 prefix>`.
 */
export function xaTransactionId(gid: string, branch: string): string {
  const plain = `${gid}:${branch}`;
  if (SAFE_XID_PART.test(gid) && SAFE_XID_PART.test(branch) && plain.length <= MAX_XID_LENGTH) return plain;
  return `unwind-${createHash('sha256').update(`${gid}\u0000${branch}`).digest('hex').slice(0, 48)}`;
}

/** Refuses an id that could break out of the SQL literal it is placed in (ids from xaTransactionId never do). */
export function checkXid(xid: string): string {
  if (!/^[A-Za-z0-9._:-]{1,64}$/.test(xid)) throw new Error(`invalid XA transaction id '${xid}'`);
  return xid;
}
