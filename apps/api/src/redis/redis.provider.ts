import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/config.js';

/** The api's one Redis connection (health, and the queues it feeds). Connects lazily; never blocks start-up. */
@Injectable()
export class RedisConnection implements OnModuleDestroy {
  readonly client: Redis;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.client = new Redis(config.redisUrl, {
      lazyConnect: true,
      maxRetriesPerRequest: null,
      enableOfflineQueue: true,
      retryStrategy: (attempt) => Math.min(attempt * 200, 5_000),
    });
    // Errors surface through /health; without a listener ioredis would print every reconnection attempt.
    this.client.on('error', () => {});
  }

  async ping(timeoutMs = 1_000): Promise<boolean> {
    if (this.client.status === 'wait') void this.client.connect().catch(() => {});
    const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
    return Promise.race([
      this.client
        .ping()
        .then((r) => r === 'PONG')
        .catch(() => false),
      timeout,
    ]);
  }

  async onModuleDestroy(): Promise<void> {
    this.client.disconnect();
  }
}
