import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import { ETK_DISCOVERY_QUEUES, type EtkDiscoveryJob } from '@certdesk/contracts';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { RedisConnection } from '../redis/redis.provider.js';
import { apiWorkerOptions } from '../redis/worker-options.js';
import { EtkDiscovery, EtkDiscoveryFailure, SCHEDULED_DISCOVERY_ACTOR } from './etk-discovery.service.js';

/** Organisations discovered at once: the rate limit, not this, sets the pace (a few requests a second). */
const CONCURRENCY = 8;

/**
 * Works the notifier's scheduled discoveries (libs/contracts ETK_DISCOVERY_QUEUES.organisation), one job per
 * organisation: the api does the work because it records what the directory publishes in the audit trail, whose key
 * only the api holds. A failure is recorded on the organisation (shown to administrators and in the metrics) and the
 * job is retried with backoff (its attempts are the notifier's); with ETK_DEPOT=off it is not retried. Started by
 * main.ts once the api listens (tests start it themselves).
 */
@Injectable()
export class EtkDiscoveryWorker implements OnModuleDestroy {
  private readonly logger = new Logger('EtkDiscoveryWorker');
  private worker: Worker<EtkDiscoveryJob> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly redis: RedisConnection,
    private readonly discovery: EtkDiscovery,
  ) {}

  async start(): Promise<void> {
    if (this.worker) return;
    this.worker = new Worker<EtkDiscoveryJob>(
      ETK_DISCOVERY_QUEUES.organisation,
      (job) => this.process(job),
      apiWorkerOptions(this.config, this.redis, CONCURRENCY),
    );
    this.worker.on('failed', (job, error) =>
      this.logger.warn(
        `discovery of organisation ${job?.data.organisationId ?? '?'} failed (attempt ${job?.attemptsMade ?? '?'}/${job?.opts.attempts ?? 1}): ${error.message}`,
      ),
    );
    this.worker.on('error', (error) => this.logger.error(`worker: ${error.message}`));
    await this.worker.waitUntilReady();
  }

  async process(job: Job<EtkDiscoveryJob>): Promise<{ organisationId: string; published: number } | null> {
    try {
      const outcome = await this.discovery.discover(
        job.data.organisationId,
        'schedule',
        SCHEDULED_DISCOVERY_ACTOR,
      );
      // An organisation deleted since the run was planned: nothing to do.
      return outcome && { organisationId: job.data.organisationId, published: outcome.published };
    } catch (error) {
      if (error instanceof EtkDiscoveryFailure && error.code === 'DEPOT_DISABLED')
        throw new UnrecoverableError(error.message);
      throw error;
    }
  }

  /**
   * Waits for the job in hand and writes its outcome: this module is destroyed before the api's Redis connection
   * and its database (onApplicationShutdown came after them, so the outcome was lost and the job left active until
   * another replica found it stalled and ran it again).
   */
  async onModuleDestroy(): Promise<void> {
    await this.worker?.close();
    this.worker = null;
  }
}
