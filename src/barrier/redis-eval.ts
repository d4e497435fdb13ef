import { createHash } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';

/** A reply of a Redis script, as ioredis gives it. */
export type RedisReply = string | number | null | RedisReply[];

/** EVALSHA, falling back to EVAL (which caches the script) when the server does not know it yet. */
export async function evalScript(
  redis: Redis | Cluster,
  script: string,
  keys: readonly string[],
  args: readonly (string | number)[],
): Promise<unknown> {
  const sha = createHash('sha1').update(script).digest('hex');
  try {
    return await redis.evalsha(sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return await redis.eval(script, keys.length, ...keys, ...args);
  }
}
