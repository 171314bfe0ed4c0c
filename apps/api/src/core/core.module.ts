import { type DynamicModule, Global, Module } from '@nestjs/common';
import { AccessPolicy } from '../access/access-policy.js';
import { AuditTrail } from '../audit/audit-trail.js';
import { PasswordHasher } from '../auth/password-hasher.js';
import { TokenHasher } from '../auth/token-hasher.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Clock } from './clock.js';
import { Transactions } from './transactions.js';
import { Outbox } from '../outbox/outbox.js';
import { RedisLeases } from '../redis/redis-lease.js';
import { RedisConnection } from '../redis/redis.provider.js';

const shared = [
  AccessPolicy,
  AuditTrail,
  Clock,
  Outbox,
  PasswordHasher,
  RedisConnection,
  RedisLeases,
  TokenHasher,
  Transactions,
];

/**
 * What every feature module uses: the configuration, tenant access, the audit trail, the outbox, Redis and
 * the token/password hashers, the clock, transactions. Global, so feature modules need not import it.
 */
@Global()
@Module({})
export class CoreModule {
  static forConfig(config: AppConfig): DynamicModule {
    return {
      module: CoreModule,
      providers: [{ provide: APP_CONFIG, useValue: config }, ...shared],
      exports: [APP_CONFIG, ...shared],
    };
  }
}
