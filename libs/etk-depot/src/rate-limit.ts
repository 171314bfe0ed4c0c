// An in-process rate limit for the `beforeRequest` hook: requests start at least 1/perSecond apart, in call order.
import { setTimeout as sleep } from 'node:timers/promises';

export type BeforeRequest = (signal?: AbortSignal) => Promise<void>;

/** At most `perSecond` requests a second from this process (0: no limit). */
export function createRateLimiter(perSecond: number): BeforeRequest {
  if (!Number.isFinite(perSecond) || perSecond < 0)
    throw new RangeError(`a rate must be a number of requests per second, not ${perSecond}`);
  if (perSecond === 0) return async () => undefined;
  const interval = 1000 / perSecond;
  let nextSlot = 0;
  return async (signal) => {
    const now = performance.now();
    const slot = Math.max(now, nextSlot);
    nextSlot = slot + interval; // reserved now, so concurrent callers queue behind each other
    if (slot > now) await sleep(slot - now, undefined, signal ? { signal } : {});
  };
}
