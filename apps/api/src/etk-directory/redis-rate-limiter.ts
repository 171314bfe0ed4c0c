import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type { BeforeRequest } from '@certdesk/etk-depot';

/**
 * Reserves the next free request slot, atomically, on Redis's own clock (every process agrees on it): the slot is
 * max(now, the stored next slot), and the stored next slot moves one interval past it. Answers how long the caller
 * waits for its slot, in microseconds. The key lapses once no request is waiting.
 */
const RESERVE_SLOT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local stored = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(now, stored)
local nextSlot = slot + tonumber(ARGV[1])
redis.call('SET', KEYS[1], string.format('%.0f', nextSlot), 'PX', math.floor((nextSlot - now) / 1000) + 1000)
return slot - now`;

/**
 * The depot's rate limit for every process of the installation (the api's discovery jobs, the requests of whoever
 * asks from the dashboard): requests start at least 1/perSecond apart, installation-wide, in the order they
 * reserved their slot. libs/etk-depot awaits it before every HTTP request, retries included.
 */
export function redisRateLimiter(
  redis: Redis,
  key: string,
  perSecond: number,
  options: { timeoutMs?: number } = {},
): BeforeRequest {
  const intervalMicros = Math.round(1_000_000 / perSecond);
  const timeoutMs = options.timeoutMs ?? 5_000;
  return async (signal) => {
    if (redis.status === 'wait') await redis.connect().catch(() => undefined);
    const reserved = redis.eval(RESERVE_SLOT, 1, key, String(intervalMicros)) as Promise<number>;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new RateLimitUnavailableError(`Redis did not answer within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    let waitMicros: number;
    try {
      waitMicros = Number(await Promise.race([reserved, timeout]));
    } catch (error) {
      reserved.catch(() => undefined);
      if (error instanceof RateLimitUnavailableError) throw error;
      throw new RateLimitUnavailableError((error as Error).message);
    } finally {
      clearTimeout(timer);
    }
    if (waitMicros > 0) await sleep(waitMicros / 1000, undefined, signal ? { signal } : {});
  };
}

/** The installation-wide rate limit could not be consulted (Redis away): no request is made without it. */
export class RateLimitUnavailableError extends Error {
  override readonly name = 'RateLimitUnavailableError';

  constructor(detail: string) {
    super(`The ETK Depot's installation-wide rate limit (Redis) cannot be consulted: ${detail}.`);
  }
}
