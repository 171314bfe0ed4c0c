import { Redis } from 'ioredis';

/**
 * A Redis connection for BullMQ: `maxRetriesPerRequest: null` (BullMQ's workers require it, PITFALLS.md), and
 * reconnection forever with a capped delay, so a Redis restart pauses the notifier instead of killing it.
 */
export function createRedisConnection(url: string): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    lazyConnect: true,
    retryStrategy: (attempt) => Math.min(attempt * 200, 5_000),
  });
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
