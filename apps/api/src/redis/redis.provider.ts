import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';
import type { RedisSentinelSettings } from '@certdesk/contracts';
import { APP_CONFIG, type AppConfig } from '../config/config.js';

/**
 * The api's one Redis connection (health, and the queues it feeds). Connects lazily; never blocks start-up. Through
 * Sentinel (REDIS_SENTINELS) it asks the Sentinels for the primary at each (re)connection, so it follows a failover.
 */
@Injectable()
export class RedisConnection implements OnModuleDestroy {
  readonly client: Redis;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.client = new Redis(config.redisUrl, {
      lazyConnect: true,
      maxRetriesPerRequest: null,
      enableOfflineQueue: true,
      retryStrategy: (attempt) => Math.min(attempt * 200, 5_000),
      // A primary demoted to replica answers writes READONLY: reconnect (to the new primary) and send them again.
      reconnectOnError: (error) => error.message.startsWith('READONLY'),
      ...sentinelOptions(config.redisSentinel),
    });
    // Errors surface through /health; without a listener ioredis would print every reconnection attempt.
    this.client.on('error', () => {});
  }

  async ping(timeoutMs = 1_000): Promise<boolean> {
    return (await this.answerWithin(this.client.ping(), timeoutMs)) === 'PONG';
  }

  /**
   * What Redis answered to a command sent on `client`, or undefined when it did not answer within `timeoutMs` (away,
   * its commands waiting in ioredis's offline queue) or refused it: for the callers that go on without Redis.
   */
  async answerWithin<T>(answer: Promise<T>, timeoutMs: number): Promise<T | undefined> {
    if (this.client.status === 'wait') void this.client.connect().catch(() => {});
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), timeoutMs);
    });
    try {
      return await Promise.race([answer.catch(() => undefined), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.client.disconnect();
  }
}

/** ioredis's Sentinel mode (the notifier's queues/redis.ts does the same): REDIS_URL's host and port are unused. */
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
