import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { type Job, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import {
  ETK_DISCOVERY_ATTEMPTS,
  ETK_DISCOVERY_JOB_NAMES,
  ETK_DISCOVERY_QUEUES,
  ETK_DISCOVERY_RETRY_DELAY_MS,
  ETK_DISCOVERY_SCHEDULER_ID,
  type EtkDiscoveryFanOutJob,
  type EtkDiscoveryJob,
  etkDiscoveryJobId,
  JOB_RETENTION,
} from '@certdesk/contracts';
import { NOTIFIER_CONFIG, type NotifierConfig } from '../config/config.js';
import { REDIS } from '../queues/notifier-queues.js';

/** Organisation jobs added per Redis round trip. */
const BULK = 500;

/**
 * The ETK directory's schedule (docs/etk-directory.md): a BullMQ job scheduler runs ETK_DISCOVERY_CRON (in
 * REMINDER_TIMEZONE); each run fans out into one job per organisation on ETK_DISCOVERY_QUEUES.organisation, with
 * retries and backoff. The api works those jobs: it asks the depot within the installation-wide rate limit
 * (ETK_DEPOT_RATE_PER_SECOND) and records what the directory publishes in the audit trail, whose key the notifier
 * does not hold. With ETK_DEPOT=off nothing is scheduled (and a schedule left by an earlier start is removed).
 */
@Injectable()
export class EtkDiscoveryScheduler implements OnApplicationShutdown {
  private readonly logger = new Logger('EtkDiscovery');
  readonly schedule: Queue<EtkDiscoveryFanOutJob>;
  readonly organisations: Queue<EtkDiscoveryJob>;
  private worker: Worker<EtkDiscoveryFanOutJob> | null = null;

  constructor(
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(DataSource) private readonly db: DataSource,
  ) {
    const common = { connection: redis, prefix: config.queuePrefix };
    this.schedule = new Queue(ETK_DISCOVERY_QUEUES.schedule, {
      ...common,
      defaultJobOptions: { ...JOB_RETENTION, attempts: 3, backoff: { type: 'exponential', delay: 30_000 } },
    });
    this.organisations = new Queue(ETK_DISCOVERY_QUEUES.organisation, {
      ...common,
      defaultJobOptions: {
        ...JOB_RETENTION,
        attempts: ETK_DISCOVERY_ATTEMPTS,
        backoff: { type: 'exponential', delay: ETK_DISCOVERY_RETRY_DELAY_MS },
      },
    });
    for (const queue of [this.schedule, this.organisations]) queue.on('error', () => undefined);
  }

  async start(): Promise<void> {
    if (!this.config.etkDiscovery.enabled) {
      await this.schedule.removeJobScheduler(ETK_DISCOVERY_SCHEDULER_ID);
      this.logger.log('ETK directory discovery off (ETK_DEPOT=off): nothing scheduled');
      return;
    }
    await this.schedule.upsertJobScheduler(
      ETK_DISCOVERY_SCHEDULER_ID,
      { pattern: this.config.etkDiscovery.cron, tz: this.config.reminderTimeZone },
      { name: ETK_DISCOVERY_JOB_NAMES.fanOut, data: {} },
    );
    this.worker = new Worker<EtkDiscoveryFanOutJob>(
      ETK_DISCOVERY_QUEUES.schedule,
      (job) => this.process(job),
      { connection: this.redis, prefix: this.config.queuePrefix, concurrency: 1 },
    );
    this.worker.on('failed', (job, error) =>
      this.logger.warn(`ETK discovery run ${job?.id ?? '?'} could not be planned: ${error.message}`),
    );
    this.worker.on('error', (error) => this.logger.error(`ETK discovery scheduler: ${error.message}`));
    await this.worker.waitUntilReady();
    const scheduler = await this.schedule.getJobScheduler(ETK_DISCOVERY_SCHEDULER_ID);
    const next = scheduler?.next ? new Date(scheduler.next).toISOString() : 'unknown';
    this.logger.log(
      `ETK directory discovery scheduled "${this.config.etkDiscovery.cron}" (${this.config.reminderTimeZone}); next ${next}`,
    );
  }

  private process(job: Job<EtkDiscoveryFanOutJob>): Promise<{ run: string; organisations: number }> {
    return this.fanOut(job.data.run ?? job.id ?? `run-${job.timestamp}`);
  }

  /**
   * One discovery job per organisation for the run `run`, each with its retries. Idempotent: a job id per
   * organisation and run, so a fan-out tried again queues nobody twice.
   */
  async fanOut(run: string): Promise<{ run: string; organisations: number }> {
    const organisations = (await this.db.query('SELECT id FROM organisation ORDER BY id')) as {
      id: string;
    }[];
    for (let start = 0; start < organisations.length; start += BULK) {
      await this.organisations.addBulk(
        organisations.slice(start, start + BULK).map(({ id }) => ({
          name: ETK_DISCOVERY_JOB_NAMES.discover,
          data: { organisationId: id, run },
          opts: { jobId: etkDiscoveryJobId(run, id) },
        })),
      );
    }
    this.logger.log(`ETK directory discovery ${run}: ${organisations.length} organisation(s) queued`);
    return { run, organisations: organisations.length };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    this.worker = null;
    await Promise.all([this.schedule.close(), this.organisations.close()]);
  }
}
