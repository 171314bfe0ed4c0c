import { setTimeout as sleep } from 'node:timers/promises';
import type { LoggerService } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { createDataSource, pendingMigrations, redactUrl } from '@certdesk/persistence';
import type { NotifierConfig } from '../config/config.js';
import { createRedisConnection, evictionPolicy, REQUIRED_EVICTION_POLICY } from '../queues/redis.js';

const PING_TIMEOUT_MS = 2_000;

/**
 * Connects to Postgres and Redis, retrying (and saying why) until both answer and the database is migrated (the
 * api applies the migrations at its start). Then warns loudly when Redis may evict keys: BullMQ's jobs would be
 * lost. Aborting the signal (SIGTERM while waiting) stops the wait.
 */
export async function connectWhenReady(
  config: NotifierConfig,
  logger: LoggerService,
  signal?: AbortSignal,
): Promise<{ dataSource: DataSource; redis: Redis }> {
  const redis = createRedisConnection(config);
  // Reconnection errors are reported by the loop below (and by the workers later), not once per retry.
  redis.on('error', () => undefined);
  let dataSource: DataSource | null = null;
  try {
    for (let attempt = 1; ; attempt++) {
      const problems: string[] = [];
      if (!dataSource) {
        const candidate = createDataSource({
          url: config.databaseUrl,
          poolSize: config.databasePoolSize,
          applicationName: 'certdesk-notifier',
        });
        try {
          await candidate.initialize();
          dataSource = candidate;
        } catch (error) {
          problems.push(`Postgres at ${redactUrl(config.databaseUrl)} does not answer (${message(error)})`);
        }
      }
      if (
        dataSource &&
        (await pendingMigrations(dataSource).then(
          (pending) => pending.length > 0,
          () => true,
        ))
      ) {
        problems.push('the database is not migrated yet (the api applies the migrations when it starts)');
      }
      if (!(await ping(redis))) problems.push(`${describeRedis(config)} does not answer`);
      if (problems.length === 0) break;
      logger.warn(
        `not ready (attempt ${attempt}): ${problems.join('; ')}; trying again in ${config.readyRetryMs} ms`,
      );
      await sleep(config.readyRetryMs, undefined, { signal });
    }
  } catch (error) {
    redis.disconnect();
    await dataSource?.destroy().catch(() => undefined);
    throw error;
  }
  const warning = evictionWarning(await evictionPolicy(redis));
  if (warning) logger.error(warning);
  return { dataSource: dataSource!, redis };
}

/** The loud warning for a Redis that may evict keys (BullMQ's jobs), or null when the policy is safe or unknown. */
export function evictionWarning(policy: string | null): string | null {
  if (policy === null || policy === REQUIRED_EVICTION_POLICY) return null;
  const bar = '!'.repeat(78);
  return [
    '',
    bar,
    `!! Redis maxmemory-policy is "${policy}", not "${REQUIRED_EVICTION_POLICY}": under memory pressure Redis may`,
    '!! evict queued jobs, and reminders would wait for the next scan. Set',
    `!! "maxmemory-policy ${REQUIRED_EVICTION_POLICY}" in redis.conf (or CONFIG SET maxmemory-policy ${REQUIRED_EVICTION_POLICY}).`,
    bar,
  ].join('\n');
}

async function ping(redis: Redis): Promise<boolean> {
  if (redis.status === 'wait' || redis.status === 'end') void redis.connect().catch(() => undefined);
  const timeout = sleep(PING_TIMEOUT_MS, false, { ref: false });
  return Promise.race([
    redis
      .ping()
      .then((answer) => answer === 'PONG')
      .catch(() => false),
    timeout,
  ]);
}

function describeRedis(config: NotifierConfig): string {
  const sentinel = config.redisSentinel;
  if (!sentinel) return `Redis at ${redactUrl(config.redisUrl)}`;
  const sentinels = sentinel.sentinels.map(({ host, port }) => `${host}:${port}`).join(', ');
  return `Redis primary "${sentinel.name}" (Sentinels ${sentinels})`;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
