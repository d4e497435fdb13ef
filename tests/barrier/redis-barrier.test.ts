import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { BarrierFieldError, RedisBarrierBusinessError } from '../../src/barrier/barrier-error.js';
import { createBranchBarrier } from '../../src/barrier/branch-barrier.js';
import { adjustRedisBalance } from '../../src/barrier/redis-adjust-balance.js';
import { callRedisBarrier, redisBarrierKey } from '../../src/barrier/redis-barrier.js';
import { barrierContract, type BarrierHarness, type Delivery } from './barrier-contract.js';
import { serverReachable } from './barrier-servers.js';

const redisUrl = process.env['UNWIND_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

const reachable = await serverReachable('Redis', redisUrl, async () => {
  const probe = new Redis(redisUrl, { lazyConnect: true, connectTimeout: 3_000, maxRetriesPerRequest: 0 });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.ping();
  } finally {
    probe.disconnect();
  }
});

const CONCURRENCY = 20;

/** The participant's business: add ARGV[1] to the balance at KEYS[1]; refuse (before writing) on 'fail'. */
const ADD_TO_BALANCE = `
if ARGV[2] == 'fail' then return redis.error_reply('business failed on purpose') end
return redis.call('INCRBY', KEYS[1], ARGV[1])
`;

function connect(): Redis {
  const client = new Redis(redisUrl);
  client.on('error', () => undefined);
  return client;
}

/** Deletes every key under `prefix` (the suite's own). */
async function deletePrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

function openRedisHarness(): BarrierHarness {
  const prefix = `unwind-test:${randomBytes(6).toString('hex')}:`;
  const keyPrefix = `${prefix}barrier:`;
  const redis = connect();
  const balanceKey = (account: string) => `${prefix}balance:${account}`;
  const deliver = async (delivery: Delivery, client: Redis, fail = false) => {
    const operation = {
      keys: [balanceKey(delivery.account)],
      script: ADD_TO_BALANCE,
      args: [delivery.amount, fail ? 'fail' : 'ok'],
    };
    return (await callRedisBarrier(client, createBranchBarrier(delivery.identity), operation, { keyPrefix })).outcome;
  };
  return {
    failure: RedisBarrierBusinessError,
    concurrency: CONCURRENCY,
    deliver: (delivery, options = {}) => deliver(delivery, redis, options.fail),
    deliverConcurrently: async (deliveries) => {
      const clients = deliveries.map(() => connect());
      try {
        await Promise.all(clients.map((client) => client.ping()));
        return await Promise.all(deliveries.map((delivery, index) => deliver(delivery, clients[index]!)));
      } finally {
        clients.forEach((client) => client.disconnect());
      }
    },
    balance: async (account) => Number((await redis.get(balanceKey(account))) ?? 0),
    barrierReason: async (identity, op) =>
      (await redis.get(redisBarrierKey(keyPrefix, { ...identity, barrierId: '01' }, op))) ?? undefined,
    close: async () => {
      await deletePrefix(redis, prefix);
      redis.disconnect();
    },
  };
}

(reachable ? describe : describe.skip)('barrier on Redis', () => {
  barrierContract(() => Promise.resolve(openRedisHarness()));

  describe('adapter specifics', () => {
    const withRedis = async (work: (redis: Redis, prefix: string) => Promise<void>) => {
      const redis = connect();
      const prefix = `unwind-test:${randomBytes(6).toString('hex')}:`;
      try {
        await work(redis, prefix);
      } finally {
        await deletePrefix(redis, prefix);
        redis.disconnect();
      }
    };
    const saga = (op: 'action' | 'compensate', gid = 'g-1') =>
      createBranchBarrier({ transType: 'saga', gid, branchId: '01', op });

    it('adjusts a balance once, refuses to go below 0, and then compensates nothing', async () => {
      await withRedis(async (redis, prefix) => {
        const options = { keyPrefix: `${prefix}barrier:` };
        const balance = `${prefix}balance`;
        await redis.set(balance, 30);
        expect(await adjustRedisBalance(redis, saga('action', 'g-ok'), balance, -20, options)).toEqual({
          outcome: 'executed',
          barrierId: '01',
          value: 10,
        });
        expect((await adjustRedisBalance(redis, saga('action', 'g-ok'), balance, -20, options)).outcome).toBe(
          'duplicate',
        );
        await expect(adjustRedisBalance(redis, saga('action', 'g-short'), balance, -20, options)).rejects.toThrow(
          /INSUFFICIENT_BALANCE/,
        );
        expect(await redis.get(balance)).toBe('10');
        // The refused action left no barrier key: its compensation is a null compensation.
        expect((await adjustRedisBalance(redis, saga('compensate', 'g-short'), balance, 20, options)).outcome).toBe(
          'null-compensation',
        );
        expect(await redis.get(balance)).toBe('10');
        await expect(adjustRedisBalance(redis, saga('action', 'g-x'), `${prefix}none`, 5, options)).rejects.toThrow(
          /BALANCE_MISSING/,
        );
      });
    });

    it('sets barrier keys that expire after expireSeconds', async () => {
      await withRedis(async (redis, prefix) => {
        const keyPrefix = `${prefix}barrier:`;
        const barrier = saga('compensate');
        await callRedisBarrier(redis, barrier, { keys: [], script: 'return 1' }, { keyPrefix, expireSeconds: 120 });
        const key = { ...barrier.identity, barrierId: '01' };
        for (const op of ['action', 'compensate']) {
          const ttl = await redis.ttl(redisBarrierKey(keyPrefix, key, op));
          expect(ttl).toBeGreaterThan(100);
          expect(ttl).toBeLessThanOrEqual(120);
        }
        await expect(
          callRedisBarrier(redis, saga('action'), { keys: [], script: 'return 1' }, { expireSeconds: 0 }),
        ).rejects.toThrow(BarrierFieldError);
      });
    });

    it('reports a Lua error of the business as a refusal and writes no barrier key', async () => {
      await withRedis(async (redis, prefix) => {
        const keyPrefix = `${prefix}barrier:`;
        const failing = { keys: [`${prefix}k`], script: "error('boom')" };
        await expect(callRedisBarrier(redis, saga('action'), failing, { keyPrefix })).rejects.toThrow(/boom/);
        const wrongType = {
          keys: [`${prefix}k`],
          script: "redis.call('SET', KEYS[1], 'x'); return redis.call('INCR', KEYS[1])",
        };
        await expect(callRedisBarrier(redis, saga('action'), wrongType, { keyPrefix })).rejects.toThrow(
          RedisBarrierBusinessError,
        );
        expect(await redis.keys(`${keyPrefix}*`)).toEqual([]);
        const listing = { keys: [`${prefix}k`], script: "return {'a', 7, {'b'}}" };
        expect(await callRedisBarrier(redis, saga('action'), listing, { keyPrefix })).toEqual({
          outcome: 'executed',
          barrierId: '01',
          value: ['a', 7, ['b']],
        });
      });
    });

    it('keeps identities apart when their parts contain the separator', async () => {
      await withRedis(async (redis, prefix) => {
        const keyPrefix = `${prefix}barrier:`;
        const count = { keys: [`${prefix}n`], script: "return redis.call('INCR', KEYS[1])" };
        const a = createBranchBarrier({ transType: 'saga', gid: 'a:b', branchId: 'c', op: 'action' });
        const b = createBranchBarrier({ transType: 'saga', gid: 'a', branchId: 'b:c', op: 'action' });
        expect((await callRedisBarrier(redis, a, count, { keyPrefix })).outcome).toBe('executed');
        expect((await callRedisBarrier(redis, b, count, { keyPrefix })).outcome).toBe('executed');
        expect(await redis.get(`${prefix}n`)).toBe('2');
      });
    });
  });
});
