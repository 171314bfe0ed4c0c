import { Inject, Injectable } from '@nestjs/common';
import { etkDepotRateLimitKey } from '@certdesk/contracts';
import { EtkDepot } from '@certdesk/etk-depot';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { RedisConnection } from '../redis/redis.provider.js';
import { EtkDirectoryMetrics } from './etk-directory-metrics.js';
import { redisRateLimiter } from './redis-rate-limiter.js';

/**
 * The eHealth ETK Depot as the api asks it (libs/etk-depot): ETK_DEPOT's switch and URLs, every request counted in
 * `certdesk_etk_depot_requests_total{outcome}`, and waiting its turn in the installation-wide rate limit
 * (ETK_DEPOT_RATE_PER_SECOND, in Redis under the queue prefix) however many api processes and jobs ask at once.
 */
@Injectable()
export class EtkDepotGateway {
  readonly depot: EtkDepot;

  constructor(@Inject(APP_CONFIG) config: AppConfig, redis: RedisConnection, metrics: EtkDirectoryMetrics) {
    // Time-outs and retries: libs/etk-depot's (10 s per request, 3 tries), docs/etk-directory.md.
    this.depot = new EtkDepot(config.etkDepot.settings, {
      beforeRequest: redisRateLimiter(
        redis.client,
        etkDepotRateLimitKey(config.queuePrefix),
        config.etkDepot.ratePerSecond,
      ),
      onRequest: (event) => metrics.count(event.outcome),
    });
  }
}
