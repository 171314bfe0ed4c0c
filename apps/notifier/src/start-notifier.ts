import 'reflect-metadata';
import { type INestApplicationContext, Logger, type LoggerService, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { JOB_NAMES, reminderScanJobId } from '@certdesk/contracts';
import { installationId, redactUrl } from '@certdesk/persistence';
import type { NotifierConfig } from './config/config.js';
import type { Clock } from './core/clock.js';
import { connectWhenReady } from './core/readiness.js';
import { CutOverReminderScheduler } from './cut-over/cut-over-reminder-scheduler.js';
import { EtkDiscoveryScheduler } from './etk-discovery/etk-discovery-scheduler.js';
import { NotifierModule } from './notifier.module.js';
import { NotifierQueues } from './queues/notifier-queues.js';
import { NotifierWorkers } from './queues/notifier-workers.js';
import { QueueOwnership } from './queues/queue-ownership.js';

export interface StartOptions {
  /** Tests move time with a SettableClock. */
  clock?: Clock;
  /** Stops the wait for Postgres and Redis (SIGTERM before the notifier is ready). */
  signal?: AbortSignal;
  /** Where logs go instead of the console (at the configured level). */
  logger?: LoggerService;
}

export interface Notifier {
  app: INestApplicationContext;
  queues: NotifierQueues;
  /** Starts a scan now, as `POST /api/v1/reminders/run` does; resolves with its run id once queued. */
  requestRun(requestedById?: string | null): Promise<string>;
  /** Graceful shutdown: workers finish the job in hand, then every connection closes. */
  close(): Promise<void>;
}

const LEVELS: Record<NotifierConfig['logLevel'], LogLevel[] | false> = {
  silent: false,
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  log: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  verbose: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

/**
 * The notifier: a NestJS application context (no HTTP server) with BullMQ workers. Resolves once Postgres and
 * Redis answer, the database is migrated, the daily scan is scheduled and the workers run.
 */
export async function startNotifier(config: NotifierConfig, options: StartOptions = {}): Promise<Notifier> {
  const levels = LEVELS[config.logLevel];
  Logger.overrideLogger(options.logger ?? levels);
  if (options.logger && levels) options.logger.setLogLevels?.(levels);
  const logger = new Logger('Notifier');
  const { dataSource, redis } = await connectWhenReady(config, logger, options.signal);
  let app: INestApplicationContext;
  let ownership: QueueOwnership | null = null;
  try {
    const installation = await installationId(dataSource);
    // Before any worker takes a job: a prefix held by another database's notifier is refused here.
    ownership = new QueueOwnership(redis, config.queuePrefix, installation, redactUrl(config.databaseUrl));
    await ownership.claim();
    ownership.keepClaimed((error) => logger.error(`queue prefix "${config.queuePrefix}": ${error.message}`));
    app = await NestFactory.createApplicationContext(
      NotifierModule.forRuntime({
        config,
        dataSource,
        redis,
        installationId: installation,
        ...(options.clock ? { clock: options.clock } : {}),
      }),
      { logger: options.logger ?? levels },
    );
    await app.get(NotifierWorkers).start();
    await app.get(EtkDiscoveryScheduler).start();
    await app.get(CutOverReminderScheduler).start();
  } catch (error) {
    await ownership?.release().catch(() => undefined);
    await dataSource.destroy().catch(() => undefined);
    redis.disconnect();
    throw error;
  }
  const queues = app.get(NotifierQueues);
  logger.log(`ready: Postgres and Redis answer, workers running (queue prefix "${config.queuePrefix}")`);

  let closing: Promise<void> | null = null;
  return {
    app,
    queues,
    requestRun: async (requestedById = null) => {
      const [{ id }] = (await dataSource.query(
        `INSERT INTO reminder_run (trigger, requested_by_id) VALUES ('manual', $1) RETURNING id`,
        [requestedById],
      )) as [{ id: string }];
      await queues.scan.add(
        JOB_NAMES.scan,
        { trigger: 'manual', runId: id },
        { jobId: reminderScanJobId(id) },
      );
      return id;
    },
    close: () =>
      (closing ??= (async () => {
        try {
          await app.close();
        } finally {
          // Even when a worker failed to close: a claim left behind would refuse another database for 60 s.
          await ownership
            .release()
            .catch((error: Error) =>
              logger.error(`queue prefix "${config.queuePrefix}" not released: ${error.message}`),
            );
          await dataSource.destroy();
          await redis.quit().catch(() => redis.disconnect());
        }
        logger.log('stopped');
      })()),
  };
}
