import type { Cluster, Redis } from 'ioredis';
import { BarrierFieldError, RedisBarrierBusinessError } from './barrier-error.js';
import { forwardOpOf } from './barrier-identity.js';
import { executed, skipped, type BarrierOutcome, type BarrierResult } from './barrier-outcome.js';
import { barrierRows, type BarrierRowKey, type BranchBarrier } from './branch-barrier.js';
import { redisBarrierScript } from './redis-barrier-script.js';
import { evalScript, type RedisReply } from './redis-eval.js';

/** DTM's examples keep barrier keys for 7 days. */
export const DEFAULT_REDIS_BARRIER_EXPIRE_SECONDS = 7 * 24 * 60 * 60;

export interface RedisBarrierOptions {
  /**
   * How long barrier keys live, in seconds; default 7 days. A delivery that comes later than this
   * after the first one is no longer recognised (a late forward op would then run: pick a time well
   * beyond the coordinator's retry horizon).
   */
  expireSeconds?: number;
  /**
   * Put before every barrier key; default `barrier:`. On Redis Cluster, every key of one script must
   * hash to the same slot: give the prefix and the business keys the same hash tag, e.g. `{acct-7}:`.
   */
  keyPrefix?: string;
}

/** The participant's business effect, as a Lua script written as if standalone (its keys KEYS[1..]). */
export interface RedisBusinessOperation {
  keys: readonly string[];
  /** Lua; return a value (it becomes the result's `value`), or `redis.error_reply(msg)` to refuse. */
  script: string;
  args?: readonly (string | number)[];
}

/**
 * Runs a business operation on Redis inside the barrier, atomically: a Redis server has no
 * transaction a TypeScript callback could write in, so the barrier check and the business effect are
 * one Lua script (see redis-barrier-script.ts), as DTM's Redis barrier does for its balance adjustment.
 *
 * A refusal by the business script throws RedisBarrierBusinessError and writes no barrier key, so a
 * redelivery runs the business again.
 */
export async function callRedisBarrier(
  redis: Redis | Cluster,
  barrier: BranchBarrier,
  operation: RedisBusinessOperation,
  options: RedisBarrierOptions = {},
): Promise<BarrierResult<RedisReply>> {
  const expireSeconds = checkExpireSeconds(options.expireSeconds ?? DEFAULT_REDIS_BARRIER_EXPIRE_SECONDS);
  const prefix = options.keyPrefix ?? 'barrier:';
  const key = barrier.nextRowKey();
  const rows = barrierRows(key);
  const currentKey = redisBarrierKey(prefix, key, rows.current.op);
  const forwardKey = rows.forward === undefined ? currentKey : redisBarrierKey(prefix, key, rows.forward.op);
  const reply = await evalScript(
    redis,
    redisBarrierScript(operation.script),
    [currentKey, forwardKey, ...operation.keys],
    [key.op, expireSeconds, forwardOpOf(key.op) === undefined ? '0' : '1', ...(operation.args ?? [])],
  );
  return resultOf(reply, key.barrierId);
}

/**
 * `<prefix><trans_type>:<gid>:<branch_id>:<op>:<barrier_id>`, each part URI-encoded so that a `:` in a
 * gid (an ARN, say) cannot make two identities share a key.
 */
export function redisBarrierKey(prefix: string, key: BarrierRowKey, op: string): string {
  return prefix + [key.transType, key.gid, key.branchId, op, key.barrierId].map(encodeURIComponent).join(':');
}

function checkExpireSeconds(value: number): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new BarrierFieldError('expireSeconds', `must be a positive whole number of seconds, got ${value}`);
  }
  return value;
}

const SKIPPED: readonly string[] = ['duplicate', 'hanging', 'null-compensation'] satisfies BarrierOutcome[];

function resultOf(reply: unknown, barrierId: string): BarrierResult<RedisReply> {
  if (!Array.isArray(reply) || typeof reply[0] !== 'string') {
    throw new TypeError(`Redis barrier script gave an unexpected answer: ${JSON.stringify(reply)}`);
  }
  const [outcome, value] = reply as [string, RedisReply | undefined];
  if (outcome === 'executed') return executed(barrierId, value ?? null);
  if (outcome === 'refused') throw new RedisBarrierBusinessError(String(value));
  if (SKIPPED.includes(outcome)) return skipped(outcome as Exclude<BarrierOutcome, 'executed'>, barrierId);
  throw new TypeError(`Redis barrier script gave an unknown outcome: ${outcome}`);
}
