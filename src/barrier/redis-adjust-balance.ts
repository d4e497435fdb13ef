import type { Cluster, Redis } from 'ioredis';
import { BarrierFieldError } from './barrier-error.js';
import type { BarrierResult } from './barrier-outcome.js';
import type { BranchBarrier } from './branch-barrier.js';
import { callRedisBarrier, type RedisBarrierOptions } from './redis-barrier.js';

/**
 * Adds `amount` (negative to take) to an integer balance, refusing to go below 0 or to touch a
 * missing balance: the refusal happens before any write.
 */
const ADJUST_BALANCE_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if not current then return redis.error_reply('BALANCE_MISSING ' .. KEYS[1]) end
local amount = tonumber(ARGV[1])
if tonumber(current) + amount < 0 then return redis.error_reply('INSUFFICIENT_BALANCE ' .. KEYS[1]) end
return redis.call('INCRBY', KEYS[1], amount)
`;

/**
 * DTM's `RedisCheckAdjustAmount` as a barrier call: adjust the balance at `balanceKey` by `amount`
 * (a saga action takes, its compensation gives back), at most once per branch op. A missing key or
 * a balance that would drop below 0 throws RedisBarrierBusinessError (`BALANCE_MISSING ...` or
 * `INSUFFICIENT_BALANCE ...`); the result's value is the new balance when it ran.
 */
export async function adjustRedisBalance(
  redis: Redis | Cluster,
  barrier: BranchBarrier,
  balanceKey: string,
  amount: number,
  options: RedisBarrierOptions = {},
): Promise<BarrierResult<number>> {
  if (!Number.isSafeInteger(amount)) throw new BarrierFieldError('amount', `must be a whole number, got ${amount}`);
  const result = await callRedisBarrier(
    redis,
    barrier,
    { keys: [balanceKey], script: ADJUST_BALANCE_SCRIPT, args: [amount] },
    options,
  );
  if (result.outcome !== 'executed') return result;
  return { ...result, value: Number(result.value) };
}
