import { Redis, type RedisOptions } from 'ioredis';
import type { RedisSentinelSettings } from '@certdesk/contracts';
import type { NotifierConfig } from '../config/config.js';

/**
 * A Redis connection for BullMQ: `maxRetriesPerRequest: null` (BullMQ's workers require it, PITFALLS.md), and
 * reconnection forever with a capped delay, so a Redis restart pauses the notifier instead of killing it. Through
 * Sentinel it asks the Sentinels for the primary at each (re)connection: after a failover it follows the new one.
 */
export function createRedisConnection(config: Pick<NotifierConfig, 'redisUrl' | 'redisSentinel'>): Redis {
  return new Redis(config.redisUrl, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    lazyConnect: true,
    retryStrategy: (attempt) => Math.min(attempt * 200, 5_000),
    // A primary demoted to replica answers writes READONLY: reconnect (to the new primary) and send them again.
    reconnectOnError: (error) => error.message.startsWith('READONLY'),
    ...sentinelOptions(config.redisSentinel),
  });
}

/** ioredis's Sentinel mode (the api's src/redis does the same): REDIS_URL's host and port are then not used. */
function sentinelOptions(sentinel: RedisSentinelSettings | null): RedisOptions {
  if (!sentinel) return {};
  return {
    sentinels: sentinel.sentinels,
    name: sentinel.name,
    ...(sentinel.password ? { sentinelPassword: sentinel.password } : {}),
    // No failoverDetector: in ioredis 5.11 the previous connection's detector, still subscribed, hears the Sentinels'
    // +switch-master while the connection is already reconnecting (its primary died), cuts that attempt short, and
    // the connection ends for good ("Connection is closed", test/faults/redis-sentinel.test.ts). A primary that dies
    // or is demoted closes its connections; the reconnection asks the Sentinels again.
    sentinelRetryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  };
}

/** The eviction policy BullMQ needs: any other lets Redis drop jobs under memory pressure. */
export const REQUIRED_EVICTION_POLICY = 'noeviction';

/** Redis' maxmemory-policy, or null when the server does not allow CONFIG GET (some managed services). */
export async function evictionPolicy(redis: Redis): Promise<string | null> {
  try {
    const answer = (await redis.config('GET', 'maxmemory-policy')) as unknown;
    return Array.isArray(answer) && typeof answer[1] === 'string' ? answer[1] : null;
  } catch {
    return null;
  }
}
